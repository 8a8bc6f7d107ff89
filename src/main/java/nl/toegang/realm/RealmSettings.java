package nl.toegang.realm;

import nl.toegang.realm.LockoutPolicy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-realm protocol settings. Every field has a documented default (see {@link #defaults()}).
 *
 * @param signingAlgorithm          JWS algorithm for ID and access tokens: RS256 (default), PS256 or ES256
 * @param idTokenLifetime           default 5 minutes
 * @param accessTokenLifetime       default 5 minutes
 * @param refreshTokenLifetime      default 8 hours; each rotation issues a new refresh token with this lifetime
 * @param authorizationCodeLifetime default and maximum 60 seconds
 * @param keyRotationInterval       optional: rotate the signing key automatically this often
 * @param defaultLocale             "nl" or "en"; the language used when the browser expresses no preference
 * @param selfService               registration, email verification and password reset rules
 * @param lockout                   login throttling and lockout thresholds ({@code settings.lockout}); default
 *                                  {@link LockoutPolicy#defaults()}
 * @param mfa                       second factor at login ({@code settings.mfa}): off, optional (default) or required;
 *                                  a client's own {@code mfa} overrides it
 * @param sessions                  how long a browser's SSO session lasts ({@code settings.sessionIdleTimeout},
 *                                  {@code settings.sessionAbsoluteTimeout})
 * @param subjectType               {@code sub} of email accounts: public (default) or pairwise per sector; pairwise
 *                                  by default in realms with {@code profile: nlgov}
 */
public record RealmSettings(
        String signingAlgorithm,
        Duration idTokenLifetime,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        Duration authorizationCodeLifetime,
        Optional<Duration> keyRotationInterval,
        String defaultLocale,
        SelfService selfService,
        LockoutPolicy lockout,
        MfaPolicy mfa,
        Sessions sessions,
        SubjectType subjectType) {

    public RealmSettings {
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(selfService, "selfService");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(mfa, "mfa");
        Objects.requireNonNull(subjectType, "subjectType");
    }

    /** Settings with public subjects (the default outside {@code profile: nlgov}). */
    public RealmSettings(String signingAlgorithm, Duration idTokenLifetime, Duration accessTokenLifetime,
                         Duration refreshTokenLifetime, Duration authorizationCodeLifetime,
                         Optional<Duration> keyRotationInterval, String defaultLocale, SelfService selfService,
                         LockoutPolicy lockout, MfaPolicy mfa, Sessions sessions) {
        this(signingAlgorithm, idTokenLifetime, accessTokenLifetime, refreshTokenLifetime, authorizationCodeLifetime,
                keyRotationInterval, defaultLocale, selfService, lockout, mfa, sessions, SubjectType.PUBLIC);
    }

    public static RealmSettings defaults() {
        return new RealmSettings("RS256", Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(8),
                Duration.ofSeconds(60), Optional.empty(), "nl", SelfService.defaults(), LockoutPolicy.defaults(),
                MfaPolicy.OPTIONAL, Sessions.defaults());
    }

    /**
     * Lifetime of the realm's SSO session in a browser. Federated (DigiD) sessions also end after
     * {@code SessionValidityFilter.FEDERATED_IDLE_TIMEOUT} without a request, whichever comes first.
     *
     * @param idleTimeout     ends after this long without a request (default 30 min)
     * @param absoluteTimeout ends this long after sign-in however active it is (default 10 h)
     */
    public record Sessions(Duration idleTimeout, Duration absoluteTimeout) {
        public Sessions {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
        }

        public static Sessions defaults() {
            return new Sessions(Duration.ofMinutes(30), Duration.ofHours(10));
        }
    }
    /**
     * What people can do for themselves before and around signing in.
     *
     * @param registrationEnabled       self-registration of email accounts (default on)
     * @param emailVerificationRequired accounts cannot sign in before their address is verified (default on)
     * @param verificationLinkLifetime  how long the link in a verification email works (default 24 h)
     * @param verificationCodeLifetime  how long the code in a verification email works (default 30 min)
     * @param passwordResetLifetime     how long a password reset link works (default 30 min)
     */
    public record SelfService(
            boolean registrationEnabled,
            boolean emailVerificationRequired,
            Duration verificationLinkLifetime,
            Duration verificationCodeLifetime,
            Duration passwordResetLifetime) {

        public static SelfService defaults() {
            return new SelfService(true, true, Duration.ofHours(24), Duration.ofMinutes(30), Duration.ofMinutes(30));
        }
    }

    /** Longest time a JWT signed by a realm key can stay valid; old keys stay published at least this long. */
    public Duration longestJwtLifetime() {
        return idTokenLifetime.compareTo(accessTokenLifetime) >= 0 ? idTokenLifetime : accessTokenLifetime;
    }
}
