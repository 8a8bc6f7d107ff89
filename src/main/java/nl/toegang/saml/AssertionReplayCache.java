package nl.toegang.saml;

import java.time.Instant;

/** Remembers assertion IDs already consumed, so a captured assertion cannot log in twice (in memory or in Redis). */
public interface AssertionReplayCache {

    /**
     * Marks {@code assertionId} as used until {@code until} (the assertion's last valid moment plus skew).
     *
     * @return true when the ID was not used before; false when it was (or the cache cannot take it and fails closed)
     */
    boolean markUsed(String assertionId, Instant until);
}
