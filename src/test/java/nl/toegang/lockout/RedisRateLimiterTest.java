package nl.toegang.lockout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import nl.toegang.crypto.KeyedHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rate-limiter contract on the real Redis ({@code TOEGANG_TEST_REDIS}, default {@code redis://127.0.0.1:6379}),
 * plus what only a shared store shows: two nodes (two connections) count against one limit. Keys live under a random
 * prefix and are deleted afterwards. Skipped without Redis, except with {@code CI=true}.
 */
class RedisRateLimiterTest extends RateLimiterContract {
    private static final String PREFIX = "toegang:test-" + UUID.randomUUID() + ":";
    private static final KeyedHash HASH = new KeyedHash("rate-limiter-test-key-0123456789".getBytes(
            StandardCharsets.UTF_8));

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> nodeA;
    private static StatefulRedisConnection<String, String> nodeB;
    private static String unavailable;

    @BeforeAll
    static void connect() {
        String uri = System.getenv().getOrDefault("TOEGANG_TEST_REDIS", "redis://127.0.0.1:6379");
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(Duration.ofSeconds(5));
        client = RedisClient.create(redisUri);
        try {
            nodeA = client.connect();
            nodeB = client.connect();
            nodeA.sync().ping();
        } catch (RedisException e) {
            client.shutdown();
            client = null;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("Redis at " + uri + " is unreachable and CI=true", e);
            }
            unavailable = "Redis at " + uri + " is unreachable, skipping RedisRateLimiter tests: " + e;
        }
    }

    @BeforeEach
    void requireRedis() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    static void deleteKeysAndDisconnect() {
        if (nodeA != null) {
            List<String> left = nodeA.sync().keys(PREFIX + "*");
            if (!left.isEmpty()) {
                nodeA.sync().del(left.toArray(String[]::new));
            }
            nodeA.close();
            nodeB.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    @Override
    protected RateLimiter limiter() {
        return new RedisRateLimiter(nodeA.sync(), HASH, PREFIX);
    }

    @Test
    void twoNodesCountAgainstOneLimit() {
        RateLimiter a = new RedisRateLimiter(nodeA.sync(), HASH, PREFIX);
        RateLimiter b = new RedisRateLimiter(nodeB.sync(), HASH, PREFIX);
        String key = key();
        Instant now = Instant.now();
        assertThat(a.tryAcquire(key, 2, HOUR, now)).isTrue();
        assertThat(b.tryAcquire(key, 2, HOUR, now)).isTrue();
        assertThat(a.tryAcquire(key, 2, HOUR, now)).as("A sees B's event").isFalse();
        assertThat(b.tryAcquire(key, 2, HOUR, now)).isFalse();
    }

    @Test
    void theKeyHidesTheAddressAndExpiresWithItsWindow() {
        RedisRateLimiter limiter = new RedisRateLimiter(nodeA.sync(), HASH, PREFIX);
        String key = key();
        assertThat(limiter.tryAcquire(key, 3, Duration.ofMinutes(1), Instant.now())).isTrue();
        List<String> stored = nodeA.sync().keys(PREFIX + "rate:*");
        assertThat(stored).contains(limiter.redisKey(key));
        assertThat(stored).noneMatch(k -> k.contains("example.org"));
        assertThat(limiter.redisKey(key)).matches(java.util.regex.Pattern.quote(PREFIX) + "rate:\\{[A-Za-z0-9_-]+}");
        assertThat(nodeA.sync().pttl(limiter.redisKey(key))).isBetween(1L, 60_000L);
    }
}
