package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import java.time.Instant;

/**
 * Counters of one budget ({@link ThrottleKey}). Instants have millisecond precision; {@link Instant#EPOCH} means
 * "never".
 *
 * @param consecutiveFailures  failures since the last success (or since the counter was forgotten); counts toward
 *                             {@link LockoutPolicy#permanentDisableAt()} and drives the delays
 * @param failuresSinceLockout failures counted while not locked since the last lockout; a new lockout starts when it
 *                             reaches {@link LockoutPolicy#failuresBeforeLockout()}
 * @param lockoutCount         temporary lockouts so far; picks the next lockout wait
 * @param lockedUntil          end of the running temporary lockout, or EPOCH
 * @param lastFailureAt        time of the last failure, or EPOCH
 * @param permanentlyDisabled  the authenticator is disabled for this budget until reset or unlock
 */
public record FailureState(long consecutiveFailures, int failuresSinceLockout, int lockoutCount,
                           Instant lockedUntil, Instant lastFailureAt, boolean permanentlyDisabled) {

    public static final FailureState NONE = new FailureState(0, 0, 0, Instant.EPOCH, Instant.EPOCH, false);

    public boolean lockedAt(Instant now) {
        return lockedUntil.isAfter(now);
    }

    /** When this state may be forgotten: a disable mark is kept long, counters until idle and unlocked. */
    Instant expiresAt(LockoutPolicy policy) {
        if (permanentlyDisabled) {
            return lastFailureAt.plus(policy.disabledRetention());
        }
        Instant idle = lastFailureAt.plus(policy.counterTtl());
        return idle.isAfter(lockedUntil) ? idle : lockedUntil;
    }

    boolean expiredAt(LockoutPolicy policy, Instant now) {
        return !now.isBefore(expiresAt(policy));
    }

    /**
     * Applies one failure at {@code now} (millisecond precision). The Redis store runs the same rules in
     * {@code record-failure.lua}; the contract test keeps the two in step.
     */
    RecordedFailure afterFailure(LockoutPolicy policy, Instant now) {
        FailureState current = expiredAt(policy, now) ? NONE : this;
        long consecutive = current.consecutiveFailures + 1;
        int sinceLockout = current.failuresSinceLockout;
        int lockouts = current.lockoutCount;
        Instant until = current.lockedUntil;
        boolean newLockout = false;
        // Failures that slip in while locked (races between check and verify) still count toward the cap,
        // but not toward the next lockout, so one burst cannot chain lockouts.
        if (!current.lockedAt(now)) {
            sinceLockout++;
            if (sinceLockout >= policy.failuresBeforeLockout()) {
                lockouts++;
                until = now.plus(policy.lockoutWait(lockouts));
                sinceLockout = 0;
                newLockout = true;
            }
        }
        boolean newlyDisabled = !current.permanentlyDisabled && consecutive >= policy.permanentDisableAt();
        FailureState next = new FailureState(consecutive, sinceLockout, lockouts, until, now,
                current.permanentlyDisabled || newlyDisabled);
        return new RecordedFailure(next, newLockout, newlyDisabled);
    }

    /** Compact text form used by the Redis store: {@code c:s:n:lockedUntilMs:lastFailureMs:disabled}. */
    String encode() {
        return consecutiveFailures + ":" + failuresSinceLockout + ":" + lockoutCount + ":" + lockedUntil.toEpochMilli()
                + ":" + lastFailureAt.toEpochMilli() + ":" + (permanentlyDisabled ? 1 : 0);
    }

    static FailureState decode(String encoded) {
        if (encoded == null) {
            return NONE;
        }
        String[] p = encoded.split(":");
        if (p.length != 6) {
            throw new IllegalStateException("corrupt throttle state: " + encoded);
        }
        return new FailureState(Long.parseLong(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                Instant.ofEpochMilli(Long.parseLong(p[3])), Instant.ofEpochMilli(Long.parseLong(p[4])),
                "1".equals(p[5]));
    }
}
