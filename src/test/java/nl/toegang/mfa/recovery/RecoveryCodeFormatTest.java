package nl.toegang.mfa.recovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryCodeFormatTest {

    @Test
    void newCodesAreTwoGroupsOfFiveFromTheUnambiguousAlphabet() {
        SecureRandom random = new SecureRandom();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = RecoveryCodeFormat.newCode(random);
            assertThat(code).matches("[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}");
            code.replace("-", "").chars().forEach(c -> seen.add((char) c));
        }
        // 32 symbols × 10 positions = 50 bits; with 2000 draws every symbol shows up
        assertThat(seen).hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3f9q-7hx2m", "K3F9Q-7HX2M", "k3f9q7hx2m", " k3f9q 7hx2m ", "K3F9-Q7HX-2M"})
    void caseSpacesAndDashesDoNotMatter(String typed) {
        assertThat(RecoveryCodeFormat.normalise(typed)).isEqualTo("k3f9q7hx2m");
    }

    @Test
    void lookAlikeLettersAreReadAsDigits() {
        assertThat(RecoveryCodeFormat.normalise("OIL00-11abc")).isEqualTo("0110011abc");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "k3f9q-7hx2", "k3f9q-7hx2mm", "k3f9q-7hx2u", "k3f9q_7hx2m", "k3f9q-7hx2é"})
    void anythingElseIsNoCode(String typed) {
        assertThat(RecoveryCodeFormat.normalise(typed)).isNull();
    }
}
