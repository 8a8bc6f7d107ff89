package nl.toegang.mfa.totp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TotpTest {

    // RFC 6238 Appendix B: the seed is the ASCII digits repeated to the hash's block-free key length.
    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA512 =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource({
            "59, SHA1, 94287082",
            "59, SHA256, 46119246",
            "59, SHA512, 90693936",
            "1111111109, SHA1, 07081804",
            "1111111109, SHA256, 68084774",
            "1111111109, SHA512, 25091201",
            "1111111111, SHA1, 14050471",
            "1111111111, SHA256, 67062674",
            "1111111111, SHA512, 99943326",
            "1234567890, SHA1, 89005924",
            "1234567890, SHA256, 91819424",
            "1234567890, SHA512, 93441116",
            "2000000000, SHA1, 69279037",
            "2000000000, SHA256, 90698825",
            "2000000000, SHA512, 38618901",
            "20000000000, SHA1, 65353130",
            "20000000000, SHA256, 77737706",
            "20000000000, SHA512, 47863826",
    })
    void rfc6238AppendixBVectors(long unixTime, HmacAlgorithm algorithm, String expected) {
        Totp totp = new Totp(new TotpParameters(algorithm, 8, Duration.ofSeconds(30)));
        byte[] seed = switch (algorithm) {
            case SHA1 -> SEED_SHA1;
            case SHA256 -> SEED_SHA256;
            case SHA512 -> SEED_SHA512;
        };

        long step = totp.timeStep(Instant.ofEpochSecond(unixTime));

        assertThat(totp.code(seed, step)).isEqualTo(expected);
    }

    @Test
    void sixDigitCodesMatchRfc4226AppendixD() {
        Totp totp = new Totp(TotpParameters.DEFAULT);
        String[] expected = {"755224", "287082", "359152", "969429", "338314",
                "254676", "287922", "162583", "399871", "520489"};
        for (int counter = 0; counter < expected.length; counter++) {
            assertThat(totp.code(SEED_SHA1, counter)).as("counter %d", counter).isEqualTo(expected[counter]);
        }
    }

    @Test
    void defaultsAreSha1SixDigitsThirtySeconds() {
        assertThat(TotpParameters.DEFAULT)
                .isEqualTo(new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30)));
    }

    @Test
    void stepBoundaries() {
        Totp totp = new Totp(TotpParameters.DEFAULT);
        assertThat(totp.timeStep(Instant.ofEpochSecond(29))).isZero();
        assertThat(totp.timeStep(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(totp.endOf(1)).isEqualTo(Instant.ofEpochSecond(60));
    }

    @Test
    void parametersOutsideTheAllowedRangeAreRefused() {
        assertThatThrownBy(() -> new TotpParameters(HmacAlgorithm.SHA1, 5, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(HmacAlgorithm.SHA1, 9, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
