package nl.toegang.mfa;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * "Password done, second factor pending": kept in its own session attribute, never in the security context, so a
 * half-finished login is not a realm session and cannot reach /oauth2/authorize or the account pages.
 *
 * @param realm       realm name
 * @param accountId   the account whose password was verified
 * @param accountKey  the throttle's opaque account key (keyed hash, no email)
 * @param passwordAt  when the password was verified (kept as the password factor's time)
 * @param startedAt   when this pending state was created; it expires after {@link #LIFETIME}
 * @param step        what is still to be done
 */
public record PendingLogin(String realm, String accountId, String accountKey, Instant passwordAt,
                           Instant startedAt, Step step) implements Serializable {
    /** Long enough to find the phone or read a recovery code; short enough that a left-open tab goes stale. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    public enum Step {
        /** Enter a code, a recovery code or use a passkey. */
        SECOND_FACTOR,
        /** The policy requires a second factor and the account has none: enrol one first. */
        ENROL
    }

    public PendingLogin {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(accountKey, "accountKey");
        Objects.requireNonNull(passwordAt, "passwordAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(step, "step");
    }

    public boolean expired(Instant now) {
        return !now.isBefore(startedAt.plus(LIFETIME));
    }

    @Override
    public String toString() {
        return "PendingLogin[realm=" + realm + ", account=" + accountId + ", step=" + step + "]";
    }
}
