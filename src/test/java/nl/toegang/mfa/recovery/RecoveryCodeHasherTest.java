package nl.toegang.mfa.recovery;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryCodeHasherTest {

    private final RecoveryCodeHasher hasher = new RecoveryCodeHasher(new SecureRandom(), RecoveryCodeHasher.MIN_ITERATIONS);

    @Test
    void sameCodeHashesDifferentlyEachTimeAndVerifies() {
        String a = hasher.hash("k3f9q7hx2m");
        String b = hasher.hash("k3f9q7hx2m");

        assertThat(a).isNotEqualTo(b).doesNotContain("k3f9q7hx2m");
        assertThat(hasher.matches("k3f9q7hx2m", a)).isTrue();
        assertThat(hasher.matches("k3f9q7hx2n", a)).isFalse();
    }

    @Test
    void malformedOrWeakStoredValuesNeverMatch() {
        String good = hasher.hash("k3f9q7hx2m");
        String[] parts = good.split("\\$");

        assertThat(hasher.matches("k3f9q7hx2m", null)).isFalse();
        assertThat(hasher.matches("k3f9q7hx2m", "garbage")).isFalse();
        assertThat(hasher.matches("k3f9q7hx2m", "md5$100000$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.matches("k3f9q7hx2m", parts[0] + "$1000$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.matches("k3f9q7hx2m", parts[0] + "$x$" + parts[2] + "$" + parts[3])).isFalse();
    }

    @Test
    void costBelowTheMinimumIsRefused() {
        assertThatThrownBy(() -> new RecoveryCodeHasher(new SecureRandom(), 99_999))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
