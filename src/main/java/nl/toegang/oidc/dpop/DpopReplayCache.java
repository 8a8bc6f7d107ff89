package nl.toegang.oidc.dpop;

import java.time.Instant;

/**
 * Remembers DPoP proofs already used (by a hash of key thumbprint and {@code jti}), on every node: in the database
 * by default, in Redis when Redis is configured. One contract for both (DpopReplayCacheContract).
 */
public interface DpopReplayCache {

    /**
     * Marks the proof as used until {@code until}.
     *
     * @return true when it was not used before; false when it was, or when the store cannot answer (fail closed)
     */
    boolean markUsed(String proofHash, Instant until);
}
