package nl.toegang.mfa.totp;

/** The answer to a TOTP sign-in attempt. Only {@link Accepted} means the factor was verified. */
public sealed interface TotpResult {

    /** The code was right and not used before; {@code timeStep} is the step it belonged to. */
    record Accepted(long timeStep) implements TotpResult {
    }

    /** Wrong, malformed, or outside the drift window. Counts as a failure for throttling. */
    record Rejected() implements TotpResult {
    }

    /** Right, but this account already used this or a later step: possibly a stolen or shoulder-surfed code. */
    record Replayed(long timeStep) implements TotpResult {
    }

    /** The account has no confirmed TOTP credential (a pending one does not count). */
    record NotEnrolled() implements TotpResult {
    }
}
