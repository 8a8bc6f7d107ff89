package nl.toegang.lockout;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.crypto.KeyedHash;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link RateLimiter} in Redis, shared by all nodes: a sliding window per key as a sorted set of event times, trimmed,
 * counted and extended by one Lua script, so two nodes cannot both take the last event. Each key expires with its
 * window.
 *
 * <p>Callers' keys name e-mail addresses and IP addresses, so the Redis key holds a keyed hash of them, never the
 * value: {@code <prefix>rate:{<hmac>}}. One key per script, so it works on a Redis Cluster as on a single server.
 * When Redis cannot answer, the Lettuce exception reaches the request, which then fails closed with a 503.
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final LuaScript RATE_LIMIT = LuaScript.load("rate-limit.lua");

    private final RedisClusterCommands<String, String> redis;
    private final KeyedHash keys;
    private final String prefix;

    /**
     * @param keys      hashes the caller's key (derive it from the master key, so every node computes the same)
     * @param keyPrefix prepended to every key; must not contain braces (the hash tag is this class's)
     */
    public RedisRateLimiter(RedisClusterCommands<String, String> redis, KeyedHash keys, String keyPrefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.prefix = new RedisKeys(keyPrefix).prefix();
    }

    @Override
    public boolean tryAcquire(String key, int limit, Duration window, Instant now) {
        if (limit <= 0) {
            return false;
        }
        String member = now.toEpochMilli() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Long recorded = RATE_LIMIT.run(redis, ScriptOutputType.INTEGER, new String[]{redisKey(key)},
                Long.toString(now.toEpochMilli()), Long.toString(window.toMillis()), Integer.toString(limit), member);
        return recorded != null && recorded == 1L;
    }

    String redisKey(String key) {
        return prefix + "rate:{" + keys.hash(key) + "}";
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[prefix=" + prefix + "]";
    }
}
