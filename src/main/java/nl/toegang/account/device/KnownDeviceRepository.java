package nl.toegang.account.device;

import java.time.Instant;

/**
 * Browsers (device ids from the device cookie) each email account has completed a sign-in from. Holds no IP address,
 * User-Agent or other personal data: only realm, account id, a random device id and two times.
 */
public interface KnownDeviceRepository {

    boolean isKnown(String realm, String accountId, String deviceId);

    /** Whether the account has completed a sign-in from any remembered browser at all. */
    boolean hasAny(String realm, String accountId);

    /**
     * Remembers the device for the account.
     *
     * @return true when it was added now; false when it was already known (a concurrent sign-in added it first)
     */
    boolean add(String realm, String accountId, String deviceId, Instant now);

    /** Records another sign-in from a known device. */
    void touch(String realm, String accountId, String deviceId, Instant now);

    /** Forgets the account's devices last seen before {@code cutoff} (their cookies have expired anyway). */
    void forgetUnusedSince(String realm, String accountId, Instant cutoff);

    /** Forgets every device of the account (its browsers were someone else's: see registration.EarlierHolderRemoval). */
    void forgetAll(String realm, String accountId);
}
