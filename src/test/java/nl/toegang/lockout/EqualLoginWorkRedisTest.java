package nl.toegang.lockout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import nl.toegang.testsupport.RedisTestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link EqualLoginWorkContract} with throttle counters and sessions in the local Redis, under a key prefix of its
 * own. Skipped without Redis, except with {@code CI=true}.
 */
class EqualLoginWorkRedisTest extends EqualLoginWorkContract {
    static final String REDIS = System.getenv().getOrDefault("TOEGANG_TEST_REDIS", "redis://127.0.0.1:6379");

    private final String prefix = "toegang:test-" + randomHex() + ":";

    private static String randomHex() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Called before the server starts (from {@link #storeProperties()}): no Redis, no test. */
    private static void requireRedis() {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> ignored = client.connect()) {
            // reachable
        } catch (RedisException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Redis at " + REDIS + " is unreachable and CI=true", e);
            }
            Assumptions.abort("Redis at " + REDIS + " is unreachable: " + e);
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    void deleteKeys() {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisTestKeys.deleteMatching(connection.sync(), prefix);
        } finally {
            client.shutdown();
        }
    }

    @Override
    Map<String, String> storeProperties() {
        requireRedis();
        return Map.of("toegang.lockout.store", "redis",
                "toegang.lockout.key-prefix", prefix,
                "toegang.redis.uri", REDIS);
    }

    @Override
    String countingStep() {
        return "redis EVALSHA";
    }
}
