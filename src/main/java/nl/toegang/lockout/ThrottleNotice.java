package nl.toegang.lockout;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * How the login page tells a throttled browser what to do. Derived from the throttle's decision only, never from the
 * account, so an unknown address sees exactly what a known one sees. Serializable: the login page keeps the last one
 * in the HTTP session, so a reload or a language switch shows the same notice with the same end time.
 *
 * @param flag   query flag of the login URL the browser is sent to: {@code wait}, {@code locked} or {@code disabled}
 * @param amount seconds (wait) or minutes (locked) to show, rounded up, as of when the notice was made; 0 for disabled
 * @param until  when the wait or lock ends; {@code null} for disabled (lasts until a reset or an unlock)
 */
public record ThrottleNotice(String flag, long amount, Instant until) implements Serializable {

    public static ThrottleNotice of(Decision decision, Instant now) {
        if (decision instanceof Decision.Delayed delayed) {
            Instant until = now.plus(delayed.retryIn());
            return new ThrottleNotice("wait", ceilSeconds(delayed.retryIn()), until);
        }
        if (decision instanceof Decision.TemporarilyLocked locked) {
            return new ThrottleNotice("locked", ceilMinutes(Duration.between(now, locked.until())), locked.until());
        }
        if (decision instanceof Decision.IpBlocked blocked) {
            return new ThrottleNotice("locked", ceilMinutes(Duration.between(now, blocked.retryAfter())),
                    blocked.retryAfter());
        }
        if (decision instanceof Decision.PasswordDisabled) {
            return new ThrottleNotice("disabled", 0, null);
        }
        throw new IllegalArgumentException("not a refusal: " + decision);
    }

    /**
     * The notice a failed attempt should show instead of the plain "wrong password": the one whose failure started a
     * lock (or a disable, or an IP block) says so at once. A mere delay is not announced: the person first needs to
     * hear that the password was wrong.
     */
    public static boolean announcesLock(Decision next) {
        return next instanceof Decision.TemporarilyLocked || next instanceof Decision.IpBlocked
                || next instanceof Decision.PasswordDisabled;
    }

    /** Still in force at {@code now}: a disable always, a wait or lock until it ends. */
    public boolean activeAt(Instant now) {
        return until == null || until.isAfter(now);
    }

    /** The same notice with its amount counted again from {@code now} (a reload a little later). */
    public ThrottleNotice at(Instant now) {
        if (until == null) {
            return this;
        }
        Duration left = Duration.between(now, until);
        return new ThrottleNotice(flag, "wait".equals(flag) ? ceilSeconds(left) : ceilMinutes(left), until);
    }

    private static long ceilSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static long ceilMinutes(Duration d) {
        return Math.max(1, (d.toMillis() + 59_999) / 60_000);
    }
}
