package nl.toegang.mfa.totp.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.mfa.MfaIds;
import nl.toegang.mfa.totp.TotpReplayGuard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link TotpReplayGuard} shared by all nodes through Redis. One Lua script reads and sets the account's last used
 * step, which Redis runs atomically, so two nodes checking the same code at once cannot both accept it.
 *
 * <p>Key: {@code <prefix>{<realm>:<accountId>}}, both parts percent-encoded so that neither can forge the
 * separator or end the hash tag; the hash tag keeps any future per-account keys in one cluster slot. Every key gets a
 * TTL, so Redis forgets accounts once their last step can no longer be accepted anyway.
 */
public final class RedisTotpReplayGuard implements TotpReplayGuard {

    // Steps are far below 2^53, so Lua's number comparison is exact.
    static final String SCRIPT = """
            local last = redis.call('GET', KEYS[1])
            if last and tonumber(last) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    private static final long MIN_TTL_MILLIS = 1_000;

    private final RedisClusterCommands<String, String> redis;
    private final String keyPrefix;
    private final Clock clock;
    private final String scriptSha;

    public RedisTotpReplayGuard(RedisClusterCommands<String, String> redis, String keyPrefix, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scriptSha = redis.digest(SCRIPT);
    }

    @Override
    public boolean markUsed(String realm, String accountId, long timeStep, Instant expiresAt) {
        String key = key(MfaIds.requireRealm(realm), MfaIds.requireAccountId(accountId));
        Objects.requireNonNull(expiresAt, "expiresAt");
        // A relative TTL, so the Redis server's clock does not have to agree with ours.
        long ttl = Math.max(MIN_TTL_MILLIS, Duration.between(clock.instant(), expiresAt).toMillis());
        String[] keys = {key};
        String step = Long.toString(timeStep);
        String ttlMillis = Long.toString(ttl);
        Long result;
        try {
            result = redis.evalsha(scriptSha, ScriptOutputType.INTEGER, keys, step, ttlMillis);
        } catch (RedisNoScriptException notCached) {
            // After a Redis restart or failover the script cache is empty; EVAL loads it again.
            result = redis.eval(SCRIPT, ScriptOutputType.INTEGER, keys, step, ttlMillis);
        }
        return result != null && result == 1L;
    }

    String key(String realm, String accountId) {
        return keyPrefix + "{" + encode(realm) + ":" + encode(accountId) + "}";
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisTotpReplayGuard[prefix=" + keyPrefix + "]";
    }
}
