package nl.toegang.benchmark.scale;

import io.lettuce.core.RedisClient;
import nl.toegang.account.PasswordHashProperties;
import nl.toegang.account.PasswordHasher;
import nl.toegang.account.jdbc.JdbcAccountRepository;
import nl.toegang.session.redis.RedisSessionStoreConfiguration;
import nl.toegang.testsupport.FlywayMigrations;
import nl.toegang.testsupport.PostgresTestDatabase;
import nl.toegang.testsupport.RedisTestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale run's data generators write what the server reads: accounts whose password verifies through the
 * account repository, and sessions that Toegang's own session repository
 * ({@code RedisSessionStoreConfiguration.storedAs}) finds by id and by account. A generator that writes a format the
 * server ignores would make the scale run measure nothing.
 */
class ScaleDataGeneratorsTest {
    private static final String PASSWORD = "lantern orbit cactus velvet";

    @Test
    void generatedAccountsSignInWithTheirPassword() throws Exception {
        var hasher = new PasswordHasher(new PasswordHashProperties(0, 0, 0, 0), new SecureRandom());
        try (var database = PostgresTestDatabase.create()) {
            FlywayMigrations.migrate(database.dataSource());
            long written;
            try (var connection = database.dataSource().getConnection()) {
                written = new AccountGenerator(database.schema(), "bench", hasher.hash(PASSWORD))
                        .generate(connection, "scale", 0, 1_500);
            }
            assertThat(written).isEqualTo(1_500);
            var jdbc = JdbcClient.create(database.dataSource());
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT email_normalized) FROM account WHERE realm = 'bench'")
                    .query(Long.class).single()).isEqualTo(1_500);

            var account = new JdbcAccountRepository(jdbc, Clock.systemUTC())
                    .findByEmail("bench", "scale-1499@example.org").orElseThrow();
            assertThat(account.passwordHash()).hasValueSatisfying(hash -> {
                assertThat(hasher.matches(PASSWORD, hash)).isTrue();
                assertThat(hasher.matches(PASSWORD + "x", hash)).isFalse();
            });
            assertThat(account.enabled()).isTrue();
            assertThat(account.emailVerified()).isTrue();
        }
    }

    @Test
    void generatedSessionsAreFoundByIdAndByAccount() throws Exception {
        String namespace = "toegang:scale-test-" + UUID.randomUUID() + ":session";
        List<String> accounts = List.of("account-a", "account-b");
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        var connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        try {
            new SessionGenerator(new SpringSessionIndexedFormat(namespace, Duration.ofMinutes(30)))
                    .generate(client, "bench", accounts, 6);

            connections.afterPropertiesSet();
            connections.start();
            var sessions = RedisSessionStoreConfiguration.storedAs(connections, namespace);

            var byAccount = sessions.findByPrincipalName("account-a");
            assertThat(byAccount).hasSize(3);
            var session = sessions.findById(byAccount.keySet().iterator().next());
            assertThat(session).isNotNull();
            assertThat(session.isExpired()).isFalse();
            SecurityContext context = session.getAttribute("TOEGANG_SECURITY_CONTEXT:bench");
            assertThat(context.getAuthentication().getName()).isEqualTo("account-a");
            assertThat(context.getAuthentication().isAuthenticated()).isTrue();
        } finally {
            connections.destroy();
            try (var connection = client.connect()) {
                RedisTestKeys.deleteMatching(connection.sync(), namespace);
            }
            client.shutdown();
        }
    }
}
