package nl.toegang.realm;

import nl.toegang.realm.LockoutPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the optional {@code settings.lockout:} mapping into a {@link LockoutPolicy}; every absent field keeps its
 * {@link LockoutPolicy#defaults()} value. Bounds are checked here so the operator gets file and line, not a Java
 * exception from the policy.
 */
final class LockoutReader {
    static final List<String> FIELDS = List.of("freeFailures", "maxDelay", "failuresPerLockout", "lockoutWaits",
            "permanentDisableAt", "ipFailuresPerWindow", "ipAccountsPerWindow", "window");

    private static final Duration MAX_DELAY = Duration.ofHours(1);
    private static final Duration MAX_LOCKOUT_WAIT = Duration.ofDays(30);
    private static final Duration MAX_WINDOW = Duration.ofDays(1);

    private LockoutReader() {
    }

    static LockoutPolicy read(YamlMapping lockout, ParseContext context) {
        LockoutPolicy.Builder policy = LockoutPolicy.defaults().toBuilder();
        integer(lockout, "freeFailures", 0, LockoutPolicy.NIST_MAX_FAILURES, context).ifPresent(policy::freeFailures);
        bounded(lockout, "maxDelay", MAX_DELAY, context).ifPresent(policy::maxDelay);
        integer(lockout, "failuresPerLockout", 1, LockoutPolicy.NIST_MAX_FAILURES, context)
                .ifPresent(policy::failuresBeforeLockout);
        lockoutWaits(lockout, context).ifPresent(policy::lockoutWaits);
        integer(lockout, "permanentDisableAt", 1, LockoutPolicy.NIST_MAX_FAILURES, context)
                .ifPresent(policy::permanentDisableAt);
        integer(lockout, "ipFailuresPerWindow", 1, 100_000, context).ifPresent(policy::ipMaxFailures);
        integer(lockout, "ipAccountsPerWindow", 1, 10_000, context).ifPresent(policy::ipMaxAccounts);
        bounded(lockout, "window", MAX_WINDOW, context).ifPresent(policy::ipWindow);
        return policy.build();
    }

    private static Optional<List<Duration>> lockoutWaits(YamlMapping lockout, ParseContext context) {
        return lockout.strings("lockoutWaits").map(values -> {
            if (values.isEmpty()) {
                throw context.error(lockout.lineOf("lockoutWaits"), "lockoutWaits " + lockout.where()
                        + " is empty; list at least one wait (e.g. [5m, 15m, 1h]) or leave it out for the defaults");
            }
            List<Duration> waits = new ArrayList<>(values.size());
            for (LocatedString value : values) {
                waits.add(checked("each entry of lockoutWaits", value, MAX_LOCKOUT_WAIT, lockout, context));
            }
            return waits;
        });
    }

    private static Optional<Duration> bounded(YamlMapping lockout, String field, Duration max, ParseContext context) {
        return lockout.string(field).map(value -> checked(field, value, max, lockout, context));
    }

    private static Duration checked(String what, LocatedString value, Duration max, YamlMapping lockout,
                                    ParseContext context) {
        Duration duration = DurationFormat.parse(value.value()).orElseThrow(() -> context.error(value.line(),
                what + " " + lockout.where() + " '" + value.value() + "' is not a duration; " + DurationFormat.EXPECTED));
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(max) > 0) {
            throw context.error(value.line(), what + " " + lockout.where() + " must be between 1s and "
                    + DurationFormat.describe(max) + ", found '" + value.value() + "'");
        }
        return duration;
    }

    private static Optional<Integer> integer(YamlMapping lockout, String field, int min, int max,
                                             ParseContext context) {
        return lockout.string(field).map(value -> {
            int parsed;
            try {
                parsed = Integer.parseInt(value.value().strip());
            } catch (NumberFormatException e) {
                throw context.error(value.line(), field + " " + lockout.where() + " must be a whole number, found '"
                        + value.value() + "'");
            }
            if (parsed < min || parsed > max) {
                String why = field.equals("permanentDisableAt")
                        ? " (NIST SP 800-63B-4 allows at most 100 consecutive failures per authenticator)" : "";
                throw context.error(value.line(), field + " " + lockout.where() + " must be between " + min
                        + " and " + max + ", found " + parsed + why);
            }
            return parsed;
        });
    }
}
