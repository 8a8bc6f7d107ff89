package nl.toegang.lockout;

import java.time.Instant;
import java.util.Optional;

/**
 * What support sees of an account's password lockout: the untrusted budget, i.e. what every browser without a device
 * cookie for the account gets. Device budgets are not listed.
 *
 * @param consecutiveFailures failures since the last success
 * @param lockouts            temporary lockouts so far
 * @param lockedUntil         end of the running temporary lockout, if any
 * @param disabled            password disabled at the cap until reset or unlock
 */
public record LockoutState(long consecutiveFailures, int lockouts, Optional<Instant> lockedUntil, boolean disabled) {

    public static LockoutState of(FailureState state, Instant now) {
        return new LockoutState(state.consecutiveFailures(), state.lockoutCount(),
                state.lockedAt(now) ? Optional.of(state.lockedUntil()) : Optional.empty(),
                state.permanentlyDisabled());
    }
}
