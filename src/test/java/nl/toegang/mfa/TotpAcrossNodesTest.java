package nl.toegang.mfa;

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

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static nl.toegang.mfa.MfaFlows.code;
import static nl.toegang.mfa.MfaFlows.enrolOnAccountPage;
import static nl.toegang.mfa.MfaFlows.password;
import static nl.toegang.mfa.MfaFlows.postFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two nodes sharing one database and Redis ({@code toegang.lockout.store=redis}): a TOTP code accepted on one node is
 * refused on the other. With the in-memory guard the second node would accept it. Skipped without Redis, except
 * with {@code CI=true}.
 */
class TotpAcrossNodesTest {
    static final String REDIS = System.getenv().getOrDefault("TOEGANG_TEST_REDIS", "redis://127.0.0.1:6379");

    @TempDir
    static Path temp;
    static MutableClock clock;
    static TestServer nodeA;
    static TestServer nodeB;
    static String prefix;

    @BeforeAll
    static void start() throws Exception {
        try (RedisClient client = RedisClient.create(REDIS);
             StatefulRedisConnection<String, String> ignored = client.connect()) {
            // reachable
        } catch (RedisException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Redis at " + REDIS + " is unreachable and CI=true", e);
            }
            Assumptions.abort("Redis at " + REDIS + " is unreachable: " + e);
        }
        SecureRandom rng = new SecureRandom();
        byte[] random = new byte[6];
        rng.nextBytes(random);
        byte[] key = new byte[32];
        rng.nextBytes(key);
        prefix = "toegang:test-" + HexFormat.of().formatHex(random) + ":";
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                users:
                  - email: nodes@example.org
                    password: Correct-Horse-Battery-42
                    name: Nodes
                    emailVerified: true
                """);
        Map<String, String> shared = Map.of(
                "toegang.lockout.store", "redis",
                "toegang.lockout.key-prefix", prefix,
                "toegang.redis.uri", REDIS,
                "toegang.master-key", Base64.getEncoder().encodeToString(key),
                // One database for both nodes (same H2 file in this JVM), as a cluster shares PostgreSQL.
                "spring.datasource.url", "jdbc:h2:file:" + temp.resolve("shared/toegang") + ";DB_CLOSE_ON_EXIT=FALSE");
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
        if (prefix != null) { // the sessions, lockout counters and used codes of both nodes
            try (RedisClient client = RedisClient.create(REDIS);
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisTestKeys.deleteMatching(connection.sync(), prefix);
            }
        }
    }

    @Test
    void aCodeAcceptedOnOneNodeIsRefusedOnTheOther() {
        String a = nodeA.issuer("portal");
        String b = nodeB.issuer("portal");
        byte[] secret = enrolOnAccountPage(new Browser(), a, "nodes@example.org", clock);
        String code = code(secret, clock, 0);

        Browser onB = new Browser();
        assertThat(Browser.location(password(onB, b, "nodes@example.org"))).endsWith("/login/second-factor");
        assertThat(Browser.location(postFrom(onB, b + "/login/second-factor", b + "/login/second-factor",
                Map.of("code", code)))).doesNotContain("second-factor");

        Browser onA = new Browser();
        assertThat(Browser.location(password(onA, a, "nodes@example.org"))).endsWith("/login/second-factor");
        assertThat(Browser.location(postFrom(onA, a + "/login/second-factor", a + "/login/second-factor",
                Map.of("code", code)))).as("replayed on the other node").endsWith("?error");
    }
}
