package nl.toegang.lockout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.RedisTestKeys;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static nl.toegang.lockout.LockoutRealms.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two server nodes with {@code toegang.lockout.store=redis} and the same key prefix and master key share the local
 * Redis: failures counted on one node throttle the other. Skipped without Redis, except with {@code CI=true}.
 */
class LockoutAcrossNodesTest {
    static final String REDIS = System.getenv().getOrDefault("TOEGANG_TEST_REDIS", "redis://127.0.0.1:6379");

    @TempDir
    static Path temp;
    static String prefix;
    static MutableClock clock;
    static TestServer nodeA;
    static TestServer nodeB;

    @BeforeAll
    static void start() throws Exception {
        try (StatefulRedisConnection<String, String> ignored = redis()) {
            // reachable
        } catch (RedisException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Redis at " + REDIS + " is unreachable and CI=true", e);
            }
            Assumptions.abort("Redis at " + REDIS + " is unreachable: " + e);
        }
        byte[] random = new byte[6];
        SecureRandom rng = new SecureRandom();
        rng.nextBytes(random);
        prefix = "toegang:test-" + HexFormat.of().formatHex(random) + ":";
        byte[] key = new byte[32];
        rng.nextBytes(key);
        Path realms = LockoutRealms.write(temp.resolve("realms"), "alice@example.org");
        Map<String, String> shared = Map.of(
                "toegang.lockout.store", "redis",
                "toegang.lockout.key-prefix", prefix,
                "toegang.redis.uri", REDIS,
                // Account keys are keyed hashes: nodes must share the master key to count the same account.
                "toegang.master-key", Base64.getEncoder().encodeToString(key));
        clock = new MutableClock(Instant.now());
        nodeA = TestServer.embedded(temp.resolve("a"), realms, shared).withClock(clock).start();
        nodeB = TestServer.embedded(temp.resolve("b"), realms, shared).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        if (nodeA != null) {
            nodeA.stop();
        }
        if (nodeB != null) {
            nodeB.stop();
        }
        if (prefix != null) {
            try (StatefulRedisConnection<String, String> connection = redis()) {
                RedisTestKeys.deleteMatching(connection.sync(), prefix);
            }
        }
    }

    private static StatefulRedisConnection<String, String> redis() {
        RedisClient client = RedisClient.create(REDIS);
        StatefulRedisConnection<String, String> connection;
        try {
            connection = client.connect();
        } catch (RedisException e) {
            client.shutdown();
            throw e;
        }
        return wrap(connection, client);
    }

    @SuppressWarnings("unchecked")
    private static StatefulRedisConnection<String, String> wrap(StatefulRedisConnection<String, String> connection,
                                                                RedisClient client) {
        // Closing the connection also shuts its client down, so try-with-resources leaves no threads behind.
        return (StatefulRedisConnection<String, String>) java.lang.reflect.Proxy.newProxyInstance(
                LockoutAcrossNodesTest.class.getClassLoader(), new Class<?>[]{StatefulRedisConnection.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(connection, args);
                    if (method.getName().equals("close")) {
                        client.shutdown();
                    }
                    return result;
                });
    }

    @Test
    void failuresOnOneNodeThrottleTheOther() {
        LoginForm a = new LoginForm(nodeA.baseUrl());
        LoginForm b = new LoginForm(nodeB.baseUrl());
        String alice = "alice@example.org";
        Browser onA = new Browser();
        Browser onB = new Browser();

        for (int i = 0; i < 3; i++) {
            assertThat(a.outcome(a.post(onA, alice, "wrong-password-number-" + i))).isEqualTo("?error");
        }
        assertThat(b.outcome(b.post(onB, alice, PASSWORD))).as("B sees A's three failures").isEqualTo("?wait");

        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(b.outcome(b.post(onB, alice, "wrong-on-b-" + i)))
                    .as("the fifth failure over both nodes locks, and says so").isEqualTo(i == 1 ? "?locked" : "?error");
        }
        assertThat(a.outcome(a.post(onA, alice, PASSWORD))).as("5 failures over both nodes lock the account")
                .isEqualTo("?locked");

        clock.advance(Duration.ofMinutes(5));
        assertThat(a.outcome(a.post(onA, alice, PASSWORD))).isEqualTo("signed-in");
        assertThat(b.outcome(b.post(onB, alice, "wrong-after-success"))).isEqualTo("?error");
        assertThat(b.outcome(b.post(onB, alice, PASSWORD))).as("the success on A reset the shared counter")
                .isEqualTo("signed-in");
    }
}
