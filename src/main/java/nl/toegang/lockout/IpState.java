package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import java.time.Instant;

/**
 * Untrusted failures seen from one IP (IPv6: one /64) in one realm within the sliding {@link LockoutPolicy#ipWindow()}.
 * Stores keep at most the newest {@code ipMaxFailures} failures and {@code ipMaxAccounts} accounts, so the counts
 * saturate at the limits.
 *
 * @param failuresInWindow         failures in the window
 * @param distinctAccountsInWindow distinct account keys that failed from this IP in the window
 * @param lastFailureAt            newest failure, or EPOCH
 * @param blockedUntil             when the IP is back under both limits; EPOCH (or a past instant) when not blocked
 */
public record IpState(int failuresInWindow, int distinctAccountsInWindow, Instant lastFailureAt,
                      Instant blockedUntil) {

    public static final IpState NONE = new IpState(0, 0, Instant.EPOCH, Instant.EPOCH);

    public boolean blockedAt(Instant now) {
        return blockedUntil.isAfter(now);
    }
}
