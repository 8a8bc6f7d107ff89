package nl.toegang.federation.digid;

import nl.toegang.crypto.MasterKey;
import nl.toegang.saml.Bsn;
import nl.toegang.testsupport.FlywayMigrations;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.PostgresTestDatabase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Federated identities of upstream OpenID Providers in the real table (migration V18), on H2 and on this machine's
 * PostgreSQL: one identity per (realm, issuer, sub), no BSN, the mapped claims kept encrypted and replaced at each
 * login; DigiD identities keep their BSN and have no claims.
 */
class FederatedIdentitiesTest {
    static PostgresTestDatabase postgres;
    static DataSource h2;

    @BeforeAll
    static void databases() {
        postgres = PostgresTestDatabase.create();
        FlywayMigrations.migrate(postgres.dataSource());
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:identities-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        memory.setUser("sa");
        h2 = memory;
        FlywayMigrations.migrate(h2);
    }

    @AfterAll
    static void close() {
        postgres.close();
    }

    static Stream<DataSource> databasesUnderTest() {
        return Stream.of(h2, postgres.dataSource());
    }

    private static FederatedIdentities identities(DataSource dataSource) {
        byte[] key = new byte[MasterKey.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new FederatedIdentities(JdbcClient.create(dataSource),
                MasterKey.fromBase64(Base64.getEncoder().encodeToString(key)),
                new MutableClock(Instant.parse("2026-03-02T09:00:00Z")));
    }

    @ParameterizedTest
    @MethodSource("databasesUnderTest")
    void anUpstreamIdentityIsOnePerIssuerAndSubWithItsLatestClaims(DataSource dataSource) {
        FederatedIdentities identities = identities(dataSource);
        String realm = "r" + UUID.randomUUID().toString().substring(0, 8);
        String id = identities.findOrCreateUpstream(realm, "https://op.example", "alice",
                Map.of("name", "Alice", "email_verified", true));
        assertThat(identities.exists(realm, id)).isTrue();
        assertThat(identities.bsn(realm, id)).as("no BSN for an upstream identity").isEmpty();
        assertThat(identities.claims(realm, id)).containsEntry("name", "Alice").containsEntry("email_verified", true);

        String again = identities.findOrCreateUpstream(realm, "https://op.example", "alice",
                Map.of("name", "Alice B"));
        assertThat(again).isEqualTo(id);
        assertThat(identities.claims(realm, id)).as("replaced, not merged")
                .containsExactly(Map.entry("name", "Alice B"));

        assertThat(identities.findOrCreateUpstream(realm, "https://other.example", "alice", Map.of()))
                .as("another provider's alice is someone else").isNotEqualTo(id);
        assertThat(identities.findOrCreateUpstream("other-" + realm, "https://op.example", "alice", Map.of()))
                .as("another realm's").isNotEqualTo(id);

        String stored = JdbcClient.create(dataSource)
                .sql("select claims_encrypted from federated_identity where id = ?").param(id)
                .query(String.class).single();
        assertThat(stored).doesNotContain("Alice");

        String resident = identities.findOrCreate(realm, "https://digid.example", new Bsn("999991772"));
        assertThat(identities.bsn(realm, resident)).contains(new Bsn("999991772"));
        assertThat(identities.claims(realm, resident)).isEmpty();
    }
}
