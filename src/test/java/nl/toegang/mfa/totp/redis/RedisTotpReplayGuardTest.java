package nl.toegang.mfa.totp.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import nl.toegang.mfa.totp.TotpReplayGuard;
import nl.toegang.mfa.totp.TotpReplayGuardContract;
import nl.toegang.testsupport.RedisTestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay guard contract on a real Redis (default {@code redis://127.0.0.1:6379}, or env
 * {@code TOEGANG_TEST_REDIS_URL}). Two clients with their own connections stand for two nodes. Keys live under a
 * random prefix and are removed afterwards. Skipped when Redis is unreachable, except with {@code CI=true}.
 */
class RedisTotpReplayGuardTest extends TotpReplayGuardContract {

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
            shutdown();
        }
    }

    @AfterAll
    static void shutdown() {
        for (StatefulRedisConnection<String, String> c : new StatefulRedisConnection[]{connectionA, connectionB}) {
            if (c != null) {
                c.close();
            }
        }
        for (RedisClient client : new RedisClient[]{nodeA, nodeB}) {
            if (client != null) {
                client.shutdown();
            }
        }
        connectionA = connectionB = null;
        nodeA = nodeB = null;
    }

    // Per test rather than in @BeforeAll, so that Surefire reports every test as skipped (or failed on CI).
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
        prefix = "toegang-test:" + HexFormat.of().formatHex(random) + ":totp-used:";
    }

    @AfterEach
    void removeKeys() {
        if (prefix != null && connectionA != null) {
            RedisCommands<String, String> redis = connectionA.sync();
            List<String> keys = keys(redis);
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
        }
    }

    @Override
    protected TotpReplayGuard guard() {
        return new RedisTotpReplayGuard(connectionA.sync(), prefix, clock);
    }

    @Override
    protected TotpReplayGuard guardOnAnotherNode() {
        return new RedisTotpReplayGuard(connectionB.sync(), prefix, clock);
    }

    @Test
    void everyKeyHasATimeToLiveAndAHashTagPerAccount() {
        guard().markUsed(REALM, "alice", STEP, clock.instant().plusSeconds(90));
        guard().markUsed("a:b", "{c}", STEP, clock.instant().plusSeconds(90));

        RedisCommands<String, String> redis = connectionA.sync();
        List<String> keys = keys(redis);
        assertThat(keys).containsExactlyInAnyOrder(prefix + "{demo:alice}", prefix + "{a%3Ab:%7Bc%7D}");
        for (String key : keys) {
            assertThat(redis.pttl(key)).as(key).isBetween(1L, 90_000L);
        }
    }

    @Test
    void stepAlreadyPastItsExpiryStillGetsAShortTtl() {
        guard().markUsed(REALM, "alice", STEP, clock.instant().minusSeconds(5));

        assertThat(connectionA.sync().pttl(prefix + "{demo:alice}")).isBetween(1L, 1_000L);
    }

    @Test
    void scriptIsReloadedAfterRedisForgetsIt() {
        TotpReplayGuard guard = guard();
        guard.markUsed(REALM, "alice", STEP, expiry());
        connectionA.sync().scriptFlush();

        assertThat(guard.markUsed(REALM, "alice", STEP + 1, expiry())).isTrue();
        assertThat(guard.markUsed(REALM, "alice", STEP + 1, expiry())).isFalse();
    }

    private List<String> keys(RedisCommands<String, String> redis) {
        return RedisTestKeys.matching(redis, prefix);
    }
}
