package nl.toegang.oidc.dpop;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Used proofs in Redis: one atomic {@code SET key NX PXAT until}, so the first node wins and the key disappears when
 * the proof's {@code iat} window has closed. When Redis cannot answer, the proof is refused (fail closed).
 */
public final class RedisDpopReplayCache implements DpopReplayCache {
    private static final Duration MIN_TTL = Duration.ofSeconds(1);

    private final RedisClusterCommands<String, String> redis;
    private final String keyPrefix;
    private final Clock clock;

    public RedisDpopReplayCache(RedisClusterCommands<String, String> redis, String keyPrefix, Clock clock) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.clock = clock;
    }

    @Override
    public boolean markUsed(String proofHash, Instant until) {
        Instant earliest = clock.instant().plus(MIN_TTL);
        Instant expiry = until.isAfter(earliest) ? until : earliest;
        try {
            return "OK".equals(redis.set(keyPrefix + proofHash, "1",
                    SetArgs.Builder.nx().pxAt(expiry.toEpochMilli())));
        } catch (RuntimeException unavailable) {
            return false;
        }
    }
}
