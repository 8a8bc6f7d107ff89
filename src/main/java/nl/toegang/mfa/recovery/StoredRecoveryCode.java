package nl.toegang.mfa.recovery;

import java.time.Instant;

/** One stored code: only its lookup prefix and slow hash, never the code. {@code usedAt} is null while unused. */
public record StoredRecoveryCode(String id, String realm, String accountId, String lookup, String codeHash,
                                 Instant createdAt, Instant usedAt) {
}
