package nl.toegang.saml.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.RedisTestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The assertion replay cache on the real Redis: an assertion consumed through one node (connection) is refused
 * through another, exactly one of many simultaneous consumers wins, and keys expire. Skipped without Redis, except
 * with CI=true where that fails.
 */
class RedisAssertionReplayCacheTest {
    static final String PREFIX = "toegang:test-" + UUID.randomUUID() + ":saml-assertion:";
    static RedisClient client;
    static StatefulRedisConnection<String, String> nodeA;
    static StatefulRedisConnection<String, String> nodeB;
    static String unavailable;

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
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("Redis at " + uri + " is unreachable and CI=true", e);
            }
            unavailable = "Redis at " + uri + " is unreachable: " + e;
        }
    }

    @BeforeEach
    void requireRedis() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    static void cleanUp() {
        if (nodeA != null) {
            RedisTestKeys.deleteMatching(nodeA.sync(), PREFIX);
            nodeA.close();
            nodeB.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    void anAssertionConsumedOnOneNodeIsRefusedOnAnother() {
        MutableClock clock = new MutableClock(Instant.now());
        var a = new RedisAssertionReplayCache(nodeA.sync(), PREFIX, clock);
        var b = new RedisAssertionReplayCache(nodeB.sync(), PREFIX, clock);
        String id = "_" + UUID.randomUUID();
        assertThat(a.markUsed(id, clock.instant().plusSeconds(300))).isTrue();
        assertThat(b.markUsed(id, clock.instant().plusSeconds(300))).isFalse();
        assertThat(a.markUsed(id, clock.instant().plusSeconds(300))).isFalse();
        assertThat(b.markUsed("_" + UUID.randomUUID(), clock.instant().plusSeconds(300))).isTrue();
        Long ttl = nodeA.sync().pttl(nodeA.sync().keys(PREFIX + "*").get(0));
        assertThat(ttl).as("every key expires").isPositive();
    }

    @Test
    void exactlyOneOfManySimultaneousConsumersWins() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        String id = "_" + UUID.randomUUID();
        var pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            var cache = new RedisAssertionReplayCache((i % 2 == 0 ? nodeA : nodeB).sync(), PREFIX, clock);
            results.add(pool.submit((Callable<Boolean>) () -> {
                go.await();
                return cache.markUsed(id, clock.instant().plusSeconds(60));
            }));
        }
        go.countDown();
        int winners = 0;
        for (var r : results) {
            winners += r.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
    }
}
