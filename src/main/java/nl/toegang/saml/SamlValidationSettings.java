package nl.toegang.saml;

import java.time.Duration;

/**
 * Tunables of the artifact response checks.
 *
 * @param clockSkew       tolerance on every time comparison (DigiD: keep clocks NTP-synced; default 2 minutes)
 * @param maxMessageAge   how old an IssueInstant may be; DigiD keeps artifacts at most 15 minutes but the
 *                        ArtifactResponse is minted at resolution time, so a few minutes is plenty
 * @param maxMessageBytes cap on the SOAP body before parsing
 */
public record SamlValidationSettings(Duration clockSkew, Duration maxMessageAge, int maxMessageBytes) {

    public static SamlValidationSettings defaults() {
        return new SamlValidationSettings(Duration.ofMinutes(2), Duration.ofMinutes(5), 256 * 1024);
    }

    public SamlValidationSettings {
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes");
        }
        if (maxMessageAge.isNegative() || maxMessageAge.isZero()) {
            throw new IllegalArgumentException("maxMessageAge must be positive");
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
    }
}
