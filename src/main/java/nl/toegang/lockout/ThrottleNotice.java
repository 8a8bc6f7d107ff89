package nl.toegang.lockout;

import nl.toegang.lockout.Decision;

import java.time.Duration;
import java.time.Instant;

/**
 * How the login page tells a throttled browser what to do. Derived from the throttle's decision only, never from the
 * account, so an unknown address sees exactly what a known one sees.
 *
 * @param flag   query flag of the login URL the browser is sent to: {@code wait}, {@code locked} or {@code disabled}
 * @param amount seconds (wait) or minutes (locked) to show, rounded up; 0 for disabled
 */
public record ThrottleNotice(String flag, long amount) {

    public static ThrottleNotice of(Decision decision, Instant now) {
        if (decision instanceof Decision.Delayed delayed) {
            return new ThrottleNotice("wait", ceilSeconds(delayed.retryIn()));
        }
        if (decision instanceof Decision.TemporarilyLocked locked) {
            return new ThrottleNotice("locked", ceilMinutes(Duration.between(now, locked.until())));
        }
        if (decision instanceof Decision.IpBlocked blocked) {
            return new ThrottleNotice("locked", ceilMinutes(Duration.between(now, blocked.retryAfter())));
        }
        if (decision instanceof Decision.PasswordDisabled) {
            return new ThrottleNotice("disabled", 0);
        }
        throw new IllegalArgumentException("not a refusal: " + decision);
    }

    private static long ceilSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static long ceilMinutes(Duration d) {
        return Math.max(1, (d.toMillis() + 59_999) / 60_000);
    }
}
