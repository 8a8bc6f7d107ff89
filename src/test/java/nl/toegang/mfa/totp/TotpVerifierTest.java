package nl.toegang.mfa.totp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TotpVerifierTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:10Z");

    private final Totp totp = new Totp(TotpParameters.DEFAULT);
    private final TotpVerifier verifier = new TotpVerifier(totp);
    private final long current = totp.timeStep(NOW);

    @Test
    void currentStepIsAccepted() {
        assertThat(verifier.verify(SECRET, totp.code(SECRET, current), NOW)).contains(current);
    }

    @Test
    void oneStepDriftEitherWayIsAccepted() {
        assertThat(verifier.verify(SECRET, totp.code(SECRET, current - 1), NOW)).contains(current - 1);
        assertThat(verifier.verify(SECRET, totp.code(SECRET, current + 1), NOW)).contains(current + 1);
    }

    @Test
    void twoStepsDriftIsRejected() {
        assertThat(verifier.verify(SECRET, totp.code(SECRET, current - 2), NOW)).isEmpty();
        assertThat(verifier.verify(SECRET, totp.code(SECRET, current + 2), NOW)).isEmpty();
    }

    @Test
    void withoutDriftOnlyTheCurrentStepCounts() {
        TotpVerifier strict = new TotpVerifier(totp, 0);
        assertThat(strict.verify(SECRET, totp.code(SECRET, current), NOW)).contains(current);
        assertThat(strict.verify(SECRET, totp.code(SECRET, current - 1), NOW)).isEmpty();
    }

    @Test
    void codeForAnotherSecretIsRejected() {
        byte[] other = "abcdefghijabcdefghij".getBytes(StandardCharsets.US_ASCII);
        assertThat(verifier.verify(SECRET, totp.code(other, current), NOW)).isEmpty();
    }

    @Test
    void spacesAsShownByAppsAreIgnored() {
        String code = totp.code(SECRET, current);
        assertThat(verifier.verify(SECRET, code.substring(0, 3) + " " + code.substring(3), NOW)).contains(current);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "12345", "1234567", "12345a", "12-456", "+12345", "١٢٣٤٥٦", "123456\n"})
    void malformedInputIsRejected(String typed) {
        assertThat(verifier.verify(SECRET, typed, NOW)).isEmpty();
    }

    @Test
    void rightDigitsWithWrongLengthAreRejected() {
        Totp eight = new Totp(new TotpParameters(HmacAlgorithm.SHA1, 8, Duration.ofSeconds(30)));
        String eightDigits = eight.code(SECRET, current);
        // the 6-digit code is the last 6 digits of the 8-digit one; neither fits the other's length
        assertThat(verifier.verify(SECRET, eightDigits, NOW)).isEmpty();
        assertThat(new TotpVerifier(eight).verify(SECRET, totp.code(SECRET, current), NOW)).isEmpty();
    }
}
