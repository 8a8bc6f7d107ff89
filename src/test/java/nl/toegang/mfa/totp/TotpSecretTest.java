package nl.toegang.mfa.totp;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TotpSecretTest {

    /** Returns a known byte pattern, so the test sees that the generator uses the injected source. */
    static final class FixedRandom extends SecureRandom {
        private final byte value;

        FixedRandom(int value) {
            this.value = (byte) value;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, value);
        }
    }

    @Test
    void generatedSecretHas160BitsFromTheInjectedRandom() {
        TotpSecret secret = new TotpSecretGenerator(new FixedRandom(0x5a)).generate();

        assertThat(secret.bytes()).hasSize(20).containsOnly((byte) 0x5a);
        assertThat(secret.base32()).hasSize(32);
    }

    @Test
    void realGeneratorGivesDifferentSecrets() {
        TotpSecretGenerator generator = new TotpSecretGenerator(new SecureRandom());
        assertThat(generator.generate()).isNotEqualTo(generator.generate());
    }

    @Test
    void shortKeysAreRefused() {
        assertThatThrownBy(() -> TotpSecret.of(new byte[19])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringAndAccessorsDoNotLeak() {
        TotpSecret secret = new TotpSecretGenerator(new FixedRandom(0x5a)).generate();

        assertThat(secret.toString()).doesNotContain(secret.base32()).contains("****");
        byte[] copy = secret.bytes();
        copy[0] = 0;
        assertThat(secret.bytes()[0]).isEqualTo((byte) 0x5a);
        assertThat(TotpSecret.fromBase32(secret.base32ForDisplay())).isEqualTo(secret);
    }
}
