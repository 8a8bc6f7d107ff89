package nl.toegang.saml.redis;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import nl.toegang.saml.AssertionReplayCache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Assertion IDs in Redis, so an assertion consumed on one node is refused on every other node. One atomic
 * {@code SET key NX PXAT until}: the first node wins, the key expires when the assertion could no longer be valid
 * anyway. IDs come from the IdP's message, so they are hashed to a fixed-length key. When Redis cannot answer, the
 * Lettuce exception ends the login (fail closed): the person gets the "temporarily unavailable" page (503) from
 * {@code outage.DependencyOutageFilter} rather than a replay error that would blame the IdP.
 */
public final class RedisAssertionReplayCache implements AssertionReplayCache {
    private static final Duration MIN_TTL = Duration.ofSeconds(1);

    private final RedisClusterCommands<String, String> redis;
    private final String keyPrefix;
    private final Clock clock;

    public RedisAssertionReplayCache(RedisClusterCommands<String, String> redis, String keyPrefix, Clock clock) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.clock = clock;
    }

    @Override
    public boolean markUsed(String assertionId, Instant until) {
        Instant expiry = until.isAfter(clock.instant().plus(MIN_TTL)) ? until : clock.instant().plus(MIN_TTL);
        String result = redis.set(keyPrefix + sha256(assertionId), "1",
                SetArgs.Builder.nx().pxAt(expiry.toEpochMilli()));
        return "OK".equals(result);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
