package nl.toegang.lockout;

import java.time.Instant;

/**
 * Every lockout and disable of an account was cleared.
 *
 * @param realm     realm name
 * @param accountId the account's stable id
 * @param actor     who did it, e.g. {@code client:support-tool} or {@code password-reset}
 * @param reason    why, as given by support (free text, shown only in the audit trail)
 * @param at        when
 */
public record AccountUnlocked(String realm, String accountId, String actor, String reason, Instant at) {
}
