package nl.toegang.lockout;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An address's password just got locked for untrusted browsers (or for one device): a temporary lockout started, or
 * the password was disabled at the cap. Published once per lockout (the store flags exactly one of any number of
 * concurrent failures), for unknown addresses exactly as for accounts, so a lockout costs the same work either way;
 * listeners write the audit entry and, for an existing account only, email the user in the background.
 *
 * @param realm       realm name
 * @param accountId   the account's stable id (never the email address); empty when no usable account has the address
 * @param ip          client address of the failure that caused it
 * @param at          when it happened
 * @param lockedUntil end of a temporary lockout; empty when the password was disabled
 * @param disabled    the password is disabled until a reset or a support unlock
 */
public record AccountLockedOut(String realm, Optional<String> accountId, String ip, Instant at,
                               Optional<Instant> lockedUntil, boolean disabled) {
    public AccountLockedOut {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
    }
}
