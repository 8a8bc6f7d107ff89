package nl.toegang.lockout;

/**
 * Result of {@link ThrottleStore#recordFailure}: the new state and which transitions this very failure caused.
 * Exactly one concurrent caller sees each transition, because the store applies the failure atomically.
 */
public record RecordedFailure(FailureState state, boolean newLockout, boolean newlyDisabled) {
}
