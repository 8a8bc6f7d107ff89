package nl.toegang.lockout;

import java.time.Instant;

/**
 * Every lockout and disable of an account was cleared.
 *
 * @param realm     realm name
 * @param accountId the account's stable id
 * @param actor     who did it, e.g. {@code client:support-tool}, or {@link #PASSWORD_RESET} when the person did it
 *                  themself by resetting the password
 * @param reason    why, as given by support (free text, shown only in the audit trail)
 * @param at        when
 */
public record AccountUnlocked(String realm, String accountId, String actor, String reason, Instant at) {
    /** The actor of an unlock that the account holder caused by a password reset: nobody else acted. */
    public static final String PASSWORD_RESET = "password-reset";

    public boolean byAccountHolder() {
        return PASSWORD_RESET.equals(actor);
    }
}
