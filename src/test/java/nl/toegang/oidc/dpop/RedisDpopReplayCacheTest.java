package nl.toegang.oidc.dpop;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay contract on a real Redis (default {@code redis://127.0.0.1:6379}, or env {@code TOEGANG_TEST_REDIS_URL});
 * two clients with their own connections stand for two nodes. Keys live under a random prefix and are removed.
 */
class RedisDpopReplayCacheTest extends DpopReplayCacheContract {
    private static RedisClient nodeA;
    private static RedisClient nodeB;
    private static StatefulRedisConnection<String, String> connectionA;
    private static StatefulRedisConnection<String, String> connectionB;
    private static String unavailable;

    private String prefix;

    @BeforeAll
    static void connect() {
        String url = System.getenv().getOrDefault("TOEGANG_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        try {
            RedisURI uri = RedisURI.create(url);
            uri.setTimeout(Duration.ofSeconds(5));
            nodeA = RedisClient.create(uri);
            nodeB = RedisClient.create(uri);
            connectionA = nodeA.connect();
            connectionB = nodeB.connect();
        } catch (RuntimeException e) {
            unavailable = "Redis at " + url + " is not reachable (" + e.getMessage() + ")";
        }
    }

    @AfterAll
    static void shutdown() {
        if (connectionA != null) {
            connectionA.close();
            connectionB.close();
        }
        if (nodeA != null) {
            nodeA.shutdown();
            nodeB.shutdown();
        }
    }

    @BeforeEach
    void requireRedis() {
        if (unavailable != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(unavailable + "; CI=true, so Redis tests must not be skipped");
            }
            Assumptions.abort(unavailable + "; skipping Redis tests (set CI=true to make this fail)");
        }
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        prefix = "toegang-test:" + HexFormat.of().formatHex(random) + ":dpop-jti:";
    }

    @AfterEach
    void removeKeys() {
        if (prefix != null && connectionA != null) {
            var keys = connectionA.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connectionA.sync().del(keys.toArray(String[]::new));
            }
        }
    }

    @Override
    protected DpopReplayCache cache() {
        return new RedisDpopReplayCache(connectionA.sync(), prefix, clock);
    }

    @Override
    protected DpopReplayCache cacheOnAnotherNode() {
        return new RedisDpopReplayCache(connectionB.sync(), prefix, clock);
    }

    @Test
    void everyKeyExpiresWhenItsProofWouldBeTooOldAnyway() {
        cache().markUsed("ttl", clock.instant().plusSeconds(70));
        assertThat(connectionA.sync().pttl(prefix + "ttl")).isBetween(1L, 70_000L);
    }
}
