package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import nl.toegang.testsupport.RedisTestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the contract on the real Redis at {@code redis://127.0.0.1:6379} (override with env {@code TOEGANG_TEST_REDIS}).
 * All keys live under a random prefix and are deleted afterwards. Without Redis the tests are skipped, except with
 * {@code CI=true}, where a missing Redis must fail the build instead of silently testing less.
 */
class RedisThrottleStoreTest extends ThrottleStoreContract {

    private static final String BASE_PREFIX = "toegang:test-" + UUID.randomUUID() + ":";
    private static final AtomicInteger STORES = new AtomicInteger();

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static String unavailable;

    @BeforeAll
    static void connect() {
        String uri = System.getenv().getOrDefault("TOEGANG_TEST_REDIS", "redis://127.0.0.1:6379");
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(Duration.ofSeconds(5));
        client = RedisClient.create(redisUri);
        try {
            connection = client.connect();
            connection.sync().ping();
        } catch (RedisException e) {
            client.shutdown();
            client = null;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("Redis at " + uri + " is unreachable and CI=true: the Redis store must be tested in CI", e);
            }
            // skip per test (not in @BeforeAll) so Surefire reports every test as skipped, with this reason
            unavailable = "Redis at " + uri + " is unreachable, skipping RedisThrottleStore tests: " + e;
        }
    }

    @BeforeEach
    void requireRedis() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @AfterAll
    static void deleteKeysAndDisconnect() {
        if (connection != null) {
            List<String> left = keys(BASE_PREFIX);
            if (!left.isEmpty()) {
                connection.sync().del(left.toArray(String[]::new));
            }
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    @Override
    protected ThrottleStore newStore(LockoutPolicy policy) {
        return new RedisThrottleStore(connection.sync(), policy, prefixOfNextStore());
    }

    private static String prefixOfNextStore() {
        return BASE_PREFIX + STORES.incrementAndGet() + ":";
    }

    private static List<String> keys(String prefix) {
        return RedisTestKeys.matching(connection.sync(), prefix);
    }

    @Test
    void everyKeyHasATtl() {
        LockoutPolicy policy = LockoutPolicy.builder().permanentDisableAt(12).build();
        String prefix = prefixOfNextStore();
        ThrottleStore store = new RedisThrottleStore(connection.sync(), policy, prefix);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        String account = account();
        ThrottleKey untrusted = ThrottleKey.untrusted(REALM, account, Authenticator.PASSWORD);
        ThrottleKey device = ThrottleKey.trustedDevice(REALM, account, Authenticator.TOTP, "dev-1");
        for (int i = 0; i < 15; i++) {
            throttle.onFailure(untrusted, ip());
            throttle.onFailure(device, ip());
            throttle.onFailure(ThrottleKey.untrusted(OTHER_REALM, account(), Authenticator.RECOVERY_CODE), ip());
        }
        throttle.onFailure(untrusted, "2001:db8::1");
        throttle.onSuccess(device);

        List<String> keys = keys(prefix);
        assertThat(keys).as("account, ip and rate keys").hasSizeGreaterThan(40);
        for (String key : keys) {
            assertThat(connection.sync().pttl(key)).as("PTTL of %s", key).isPositive();
        }
        // the disable mark keeps the account key for disabledRetention, the IP window for the window length
        assertThat(connection.sync().pttl(new RedisKeys(prefix).account(REALM, account)))
                .isGreaterThan(Duration.ofDays(364).toMillis());
    }

    @Test
    void keysOfOneAccountShareAHashTag() {
        RedisKeys keys = new RedisKeys("toegang:");
        assertThat(keys.account("burgers", "abc")).isEqualTo("toegang:lockout:acct:{burgers:abc}");
        assertThat(keys.ipFailures("burgers", "10.0.0.1")).isEqualTo("toegang:lockout:ip:{burgers:10.0.0.1}:f");
        assertThat(keys.ipAccounts("burgers", "10.0.0.1")).isEqualTo("toegang:lockout:ip:{burgers:10.0.0.1}:a");
        assertThat(keys.rate("burgers", 7)).isEqualTo("toegang:lockout:rate:{burgers}:7");
    }

    @Test
    void unknownScriptFallsBackToEvalAndIsCachedAfterwards() {
        LuaScript script = LuaScript.of("return ARGV[1] -- " + UUID.randomUUID());
        RedisCommands<String, String> redis = connection.sync();
        assertThat(redis.scriptExists(script.sha())).containsExactly(false);
        String first = script.run(redis, ScriptOutputType.VALUE, new String[0], "hello");
        assertThat(first).isEqualTo("hello");
        assertThat(redis.scriptExists(script.sha())).containsExactly(true);
        String second = script.run(redis, ScriptOutputType.VALUE, new String[0], "again");
        assertThat(second).isEqualTo("again");
    }
}
