package nl.toegang.realm;

import nl.toegang.realm.LockoutPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the optional {@code settings:} mapping; every absent field keeps its {@link RealmSettings#defaults()}. */
final class SettingsReader {
    static final List<String> FIELDS = List.of("signingAlgorithm", "idTokenLifetime", "accessTokenLifetime",
            "refreshTokenLifetime", "authorizationCodeLifetime", "keyRotationInterval", "defaultLocale",
            "registrationEnabled", "emailVerificationRequired", "verificationLinkLifetime", "verificationCodeLifetime",
            "passwordResetLifetime", "lockout", "mfa", "sessionIdleTimeout", "sessionAbsoluteTimeout",
            "subjectType");
    static final List<String> ALGORITHMS = List.of("RS256", "PS256", "ES256");
    static final List<String> LOCALES = List.of("nl", "en");

    private static final Duration MAX_CODE_LIFETIME = Duration.ofSeconds(60);
    private static final Duration MIN_KEY_ROTATION = Duration.ofHours(1);
    private static final Duration MIN_SESSION_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration MAX_SESSION_TIMEOUT = Duration.ofDays(30);

    private SettingsReader() {
    }

    /**
     * @param defaultSubjectType what {@code subjectType} is when the field is absent (pairwise under
     *                           {@code profile: nlgov})
     */
    static RealmSettings read(YamlMapping settings, SubjectType defaultSubjectType, ParseContext context) {
        RealmSettings defaults = RealmSettings.defaults();
        String algorithm = settings.string("signingAlgorithm")
                .map(value -> oneOf(value, ALGORITHMS, "signingAlgorithm", context))
                .orElse(defaults.signingAlgorithm());
        Duration idToken = duration(settings, "idTokenLifetime", context).orElse(defaults.idTokenLifetime());
        Duration accessToken = duration(settings, "accessTokenLifetime", context)
                .orElse(defaults.accessTokenLifetime());
        Duration refreshToken = duration(settings, "refreshTokenLifetime", context)
                .orElse(defaults.refreshTokenLifetime());
        Duration code = duration(settings, "authorizationCodeLifetime", context)
                .orElse(defaults.authorizationCodeLifetime());
        if (code.compareTo(MAX_CODE_LIFETIME) > 0) {
            // Codes are single-use bearer credentials in the browser; RFC 6749 recommends at most 10 minutes and we
            // are stricter because a redirect never needs more than a few seconds.
            throw context.error(settings.lineOf("authorizationCodeLifetime"),
                    "authorizationCodeLifetime must be between 1s and 60s, found " + code.getSeconds() + "s");
        }
        Optional<Duration> rotation = duration(settings, "keyRotationInterval", context);
        if (rotation.isPresent() && rotation.get().compareTo(MIN_KEY_ROTATION) < 0) {
            throw context.error(settings.lineOf("keyRotationInterval"),
                    "keyRotationInterval must be at least 1h; rotating faster only makes clients refetch keys");
        }
        String locale = settings.string("defaultLocale")
                .map(value -> oneOf(value, LOCALES, "defaultLocale", context))
                .orElse(defaults.defaultLocale());
        LockoutPolicy lockout = settings.mapping("lockout", "in settings.lockout", LockoutReader.FIELDS)
                .map(mapping -> LockoutReader.read(mapping, context))
                .orElse(defaults.lockout());
        MfaPolicy mfa = mfa(settings, "settings.mfa", context).orElse(defaults.mfa());
        SubjectType subjectType = settings.string("subjectType").map(value -> SubjectType.parse(value.value())
                .orElseThrow(() -> context.error(value.line(), "unknown subjectType '" + value.value() + "'; allowed: "
                        + String.join(", ", SubjectType.NAMES)))).orElse(defaultSubjectType);
        return new RealmSettings(algorithm, idToken, accessToken, refreshToken, code, rotation, locale,
                selfService(settings, context), lockout, mfa, sessions(settings, context), subjectType);
    }

    private static RealmSettings.Sessions sessions(YamlMapping settings, ParseContext context) {
        var defaults = RealmSettings.Sessions.defaults();
        Duration idle = sessionTimeout(settings, "sessionIdleTimeout", context).orElse(defaults.idleTimeout());
        Duration absolute = sessionTimeout(settings, "sessionAbsoluteTimeout", context)
                .orElse(defaults.absoluteTimeout());
        if (idle.compareTo(absolute) > 0) {
            // An idle timeout beyond the absolute one could never trigger; that is a mistake in the file.
            int line = settings.string("sessionIdleTimeout").isPresent()
                    ? settings.lineOf("sessionIdleTimeout") : settings.lineOf("sessionAbsoluteTimeout");
            throw context.error(line, "sessionIdleTimeout (" + DurationFormat.describe(idle)
                    + ") must not be longer than sessionAbsoluteTimeout (" + DurationFormat.describe(absolute) + ")");
        }
        return new RealmSettings.Sessions(idle, absolute);
    }

    private static Optional<Duration> sessionTimeout(YamlMapping settings, String field, ParseContext context) {
        return duration(settings, field, context).map(value -> {
            if (value.compareTo(MIN_SESSION_TIMEOUT) < 0 || value.compareTo(MAX_SESSION_TIMEOUT) > 0) {
                throw context.error(settings.lineOf(field), field + " must be between 1m and 30d, found '"
                        + settings.string(field).orElseThrow().value() + "'");
            }
            return value;
        });
    }

    private static RealmSettings.SelfService selfService(YamlMapping settings, ParseContext context) {
        var defaults = RealmSettings.SelfService.defaults();
        return new RealmSettings.SelfService(
                settings.bool("registrationEnabled").orElse(defaults.registrationEnabled()),
                settings.bool("emailVerificationRequired").orElse(defaults.emailVerificationRequired()),
                duration(settings, "verificationLinkLifetime", context).orElse(defaults.verificationLinkLifetime()),
                duration(settings, "verificationCodeLifetime", context).orElse(defaults.verificationCodeLifetime()),
                duration(settings, "passwordResetLifetime", context).orElse(defaults.passwordResetLifetime()));
    }

    /** An {@code mfa:} field: off, optional or required. */
    static Optional<MfaPolicy> mfa(YamlMapping mapping, String where, ParseContext context) {
        return mapping.string("mfa").map(value -> MfaPolicy.parse(value.value()).orElseThrow(() -> context.error(
                value.line(), "unknown " + where + " '" + value.value() + "'; allowed: "
                        + String.join(", ", MfaPolicy.NAMES))));
    }

    /** A positive duration; at least one second, since tokens carry whole-second timestamps. */
    static Optional<Duration> duration(YamlMapping settings, String field, ParseContext context) {
        return settings.string(field).map(value -> {
            Duration duration = DurationFormat.parse(value.value()).orElseThrow(() -> context.error(value.line(),
                    field + " '" + value.value() + "' is not a duration; " + DurationFormat.EXPECTED));
            if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
                throw context.error(value.line(), field + " must be at least 1s, found '" + value.value() + "'");
            }
            return duration;
        });
    }

    static String oneOf(LocatedString value, List<String> allowed, String field, ParseContext context) {
        if (!allowed.contains(value.value())) {
            throw context.error(value.line(), "unknown " + field + " '" + value.value() + "'; allowed: "
                    + String.join(", ", allowed));
        }
        return value.value();
    }
}
