package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
/**
 * Outcome of {@link LoginThrottle#onFailure}.
 *
 * @param decision      what the next attempt on this budget will get
 * @param newLockout    this failure started a temporary lockout; exactly one of any number of concurrent failures
 *                      gets {@code true}, so the caller can send one notification and one audit event
 * @param newlyDisabled this failure disabled the authenticator for this budget; the caller should notify the user,
 *                      audit, and persist the disable on the account (the store keeps it only for
 *                      {@link LockoutPolicy#disabledRetention()})
 */
public record FailureResult(Decision decision, boolean newLockout, boolean newlyDisabled) {

    /** True when this failure caused any new lock the user should hear about. */
    public boolean causedLockout() {
        return newLockout || newlyDisabled;
    }
}
