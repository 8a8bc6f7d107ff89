package nl.toegang.mfa.passkey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of passkeys and of each account's WebAuthn user handle. */
public interface PasskeyRepository {

    /** The account's user handle, created (random) on first use. */
    String userHandle(String realm, String accountId);

    Optional<String> existingUserHandle(String realm, String accountId);

    /** realm + account of a user handle. */
    Optional<Owner> ownerOfUserHandle(String userHandle);

    /** @return false when the credential id is already registered (to anyone) */
    boolean add(Passkey passkey);

    List<Passkey> forAccount(String realm, String accountId);

    Optional<Passkey> byCredentialId(String credentialId);

    /** Stores the new counter and backup state after a successful login. */
    void recordUse(String credentialId, long signatureCount, boolean backedUp, Instant usedAt);

    boolean rename(String realm, String accountId, String id, String name);

    boolean delete(String realm, String accountId, String id);

    int count(String realm, String accountId);

    record Owner(String realm, String accountId) {
    }
}
