package nl.toegang.realm;

import nl.toegang.lockout.LockoutPolicy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-realm protocol settings. Every field has a documented default (see {@link #defaults()}).
 *
 * @param signingAlgorithm          JWS algorithm for ID and access tokens: RS256 (default), PS256 or ES256
 * @param idTokenLifetime           default 5 minutes
 * @param accessTokenLifetime       default 5 minutes
 * @param refreshTokenLifetime      default 8 hours (absolute lifetime of a refresh-token family)
 * @param authorizationCodeLifetime default and maximum 60 seconds
 * @param keyRotationInterval       optional: rotate the signing key automatically this often
 * @param defaultLocale             "nl" or "en"; the language used when the browser expresses no preference
 * @param lockout                   login throttling and lockout thresholds ({@code settings.lockout}); default
 *                                  {@link LockoutPolicy#defaults()}
 */
public record RealmSettings(
        String signingAlgorithm,
        Duration idTokenLifetime,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        Duration authorizationCodeLifetime,
        Optional<Duration> keyRotationInterval,
        String defaultLocale,
        LockoutPolicy lockout) {

    public RealmSettings {
        Objects.requireNonNull(lockout, "lockout");
    }

    public static RealmSettings defaults() {
        return new RealmSettings("RS256", Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(8),
                Duration.ofSeconds(60), Optional.empty(), "nl", LockoutPolicy.defaults());
    }

    /** Longest time a JWT signed by a realm key can stay valid; old keys stay published at least this long. */
    public Duration longestJwtLifetime() {
        return idTokenLifetime.compareTo(accessTokenLifetime) >= 0 ? idTokenLifetime : accessTokenLifetime;
    }
}
