package nl.toegang.mfa.recovery;

import java.time.Instant;
import java.util.List;

/** Storage of hashed recovery codes. */
public interface RecoveryCodeRepository {

    /** Atomically deletes the account's codes, used or not, and stores {@code codes} in their place. */
    void replaceAll(String realm, String accountId, List<StoredRecoveryCode> codes);

    /** The account's unused codes whose lookup prefix is {@code lookup} (normally one, rarely more). */
    List<StoredRecoveryCode> findUnused(String realm, String accountId, String lookup);

    /** Marks the code used unless it already was; true only for the one caller that changed it. */
    boolean markUsed(String id, Instant usedAt);

    int countUnused(String realm, String accountId);

    void deleteAll(String realm, String accountId);
}
