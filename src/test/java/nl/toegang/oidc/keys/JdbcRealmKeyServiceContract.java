package nl.toegang.oidc.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import nl.toegang.crypto.MasterKey;
import nl.toegang.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behaviour every database must show for {@link JdbcRealmKeyService}; subclasses supply the database, already migrated
 * by Flyway. Several service instances on one database stand for several nodes (or a restart).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcRealmKeyServiceContract {

    static final String REALM = "demo";
    static final Duration RETENTION = Duration.ofMinutes(10);

    private DataSource dataSource;
    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private MasterKey masterKey;
    private MutableClock clock;
    private TestAbortedException databaseUnavailable;

    /** A migrated database; called once per test class. */
    abstract DataSource openDatabase();

    abstract void closeDatabase();

    @BeforeAll
    void setUpDatabase() {
        try {
            dataSource = openDatabase();
        } catch (TestAbortedException unavailable) {
            // Surefire does not report a skip from @BeforeAll at all; repeat it per test so it shows as skipped.
            databaseUnavailable = unavailable;
            return;
        }
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    void tearDownDatabase() {
        if (dataSource != null) {
            closeDatabase();
        }
    }

    @BeforeEach
    void cleanSlate() {
        if (databaseUnavailable != null) {
            throw databaseUnavailable;
        }
        jdbc.sql("delete from signing_key").update();
        jdbc.sql("delete from realm_key_lock").update();
        masterKey = randomMasterKey();
        clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
    }

    @Test
    void ensureKeysIsIdempotentAndSurvivesARestart() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, "RS256", RETENTION);
        String kid = service.signingKey(REALM).getKeyID();
        Set<String> published = kids(service.publishedKeys(REALM));

        service.ensureKeys(REALM, "RS256", RETENTION);
        JdbcRealmKeyService restarted = service(Duration.ofMinutes(5));
        restarted.ensureKeys(REALM, "RS256", RETENTION);

        assertThat(service.signingKey(REALM).getKeyID()).isEqualTo(kid);
        assertThat(restarted.signingKey(REALM).getKeyID()).isEqualTo(kid);
        assertThat(kids(restarted.publishedKeys(REALM))).isEqualTo(published).hasSize(2);
        assertThat(states()).containsExactlyInAnyOrderEntriesOf(Map.of("ACTIVE", 1L, "NEXT", 1L));
    }

    @Test
    void realmsAreIndependent() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, "RS256", RETENTION);
        service.ensureKeys("other", "ES256", RETENTION);

        service.rotate("other", "ES256", RETENTION);

        assertThat(kids(service.publishedKeys(REALM))).doesNotContainAnyElementsOf(kids(service.publishedKeys("other")));
        assertThat(service.publishedKeys(REALM).getKeys()).hasSize(2);
        assertThat(service.publishedKeys("other").getKeys()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "ES256"})
    void signingKeyIsPrivateAndVerifiesWithThePublishedKey(String algorithm) throws Exception {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, algorithm, RETENTION);

        JWK signing = service.signingKey(REALM);
        JWK published = service.publishedKeys(REALM).getKeyByKeyId(signing.getKeyID());

        assertThat(signing.isPrivate()).isTrue();
        assertThat(signing.getAlgorithm()).isEqualTo(JWSAlgorithm.parse(algorithm));
        assertThat(signing.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(published).isEqualTo(signing.toPublicJWK());
        assertThat(published.getAlgorithm()).isEqualTo(JWSAlgorithm.parse(algorithm));
        if (algorithm.equals("ES256")) {
            assertThat(((ECKey) signing).getCurve()).isEqualTo(Curve.P_256);
        } else {
            assertThat(((RSAKey) signing).size()).isEqualTo(2048);
        }
        assertThat(verifies(sign(signing, "hello"), published)).isTrue();
    }

    @Test
    void publishedKeysAreActiveAndNextWithoutPrivateParts() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, "RS256", RETENTION);

        JWKSet jwks = service.publishedKeys(REALM);

        assertThat(kids(jwks)).containsExactlyInAnyOrderElementsOf(storedKids("ACTIVE", "NEXT"));
        assertThat(jwks.getKeys().get(0).getKeyID()).as("ACTIVE first").isEqualTo(service.signingKey(REALM).getKeyID());
        assertThat(jwks.getKeys()).allSatisfy(k -> {
            assertThat(k.isPrivate()).isFalse();
            assertThat(k.toJSONObject()).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
        });
        assertThat(jwks.toString(false)).doesNotContain("\"d\"");
    }

    @Test
    void publishedKeysOfAnUnknownRealmAreEmptyAndItHasNoSigningKey() {
        JdbcRealmKeyService service = service(Duration.ZERO);

        assertThat(service.publishedKeys("nowhere").getKeys()).isEmpty();
        assertThatThrownBy(() -> service.signingKey("nowhere"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no ACTIVE signing key");
    }

    @Test
    void rotateMakesNextTheSignerAndKeepsTheOldKeyPublishedUntilRetentionPasses() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, "RS256", RETENTION);
        String oldActive = service.signingKey(REALM).getKeyID();
        String oldNext = single(storedKids("NEXT"));

        clock.advance(Duration.ofDays(30));
        String signer = service.rotate(REALM, "RS256", RETENTION);

        assertThat(signer).isEqualTo(oldNext);
        assertThat(service.signingKey(REALM).getKeyID()).isEqualTo(oldNext);
        String newNext = single(storedKids("NEXT"));
        assertThat(newNext).isNotIn(oldActive, oldNext);
        assertThat(storedKids("RETIRED")).containsExactly(oldActive);
        assertThat(kids(service.publishedKeys(REALM))).containsExactlyInAnyOrder(oldNext, newNext, oldActive);

        clock.advance(RETENTION.minusSeconds(1));
        assertThat(kids(service.publishedKeys(REALM))).contains(oldActive);

        clock.advance(Duration.ofSeconds(1));
        assertThat(kids(service.publishedKeys(REALM))).containsExactlyInAnyOrder(oldNext, newNext);
        assertThat(storedKids("RETIRED")).as("unpublished, not yet purged").containsExactly(oldActive);
    }

    @Test
    void purgeDeletesOnlyRetiredKeysPastRetention() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, "ES256", RETENTION);
        String first = service.signingKey(REALM).getKeyID();
        service.rotate(REALM, "ES256", RETENTION);
        String second = service.signingKey(REALM).getKeyID();
        clock.advance(Duration.ofMinutes(5));
        service.rotate(REALM, "ES256", RETENTION);

        assertThat(service.purgeExpired()).isZero();

        clock.advance(Duration.ofMinutes(5));
        assertThat(service.purgeExpired()).isEqualTo(1);
        assertThat(storedKids("RETIRED")).containsExactly(second);
        assertThat(kids(service.publishedKeys(REALM))).doesNotContain(first).contains(second);
        assertThat(states()).containsEntry("ACTIVE", 1L).containsEntry("NEXT", 1L);
    }

    @Test
    void algorithmChangeRotatesAndKeepsTheOldKeyPublished() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, "RS256", RETENTION);
        String rsaActive = service.signingKey(REALM).getKeyID();
        String rsaNext = single(storedKids("NEXT"));

        service.ensureKeys(REALM, "ES256", RETENTION);

        JWK signing = service.signingKey(REALM);
        assertThat(signing.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(storedKids("RETIRED")).containsExactly(rsaActive);
        assertThat(storedKids("ACTIVE", "NEXT", "RETIRED")).as("unused RSA NEXT key dropped").doesNotContain(rsaNext);
        assertThat(service.publishedKeys(REALM).getKeys())
                .extracting(JWK::getKeyID, JWK::getAlgorithm)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(signing.getKeyID(), JWSAlgorithm.ES256),
                        org.assertj.core.groups.Tuple.tuple(single(storedKids("NEXT")), JWSAlgorithm.ES256),
                        org.assertj.core.groups.Tuple.tuple(rsaActive, JWSAlgorithm.RS256));

        service.ensureKeys(REALM, "ES256", RETENTION);
        assertThat(service.signingKey(REALM).getKeyID()).as("then stable again").isEqualTo(signing.getKeyID());
    }

    @Test
    void rotateIfOlderThanRotatesOnlyOldKeys() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        Duration interval = Duration.ofDays(90);

        assertThat(service.rotateIfOlderThan(REALM, "ES256", interval, RETENTION)).as("first keys").isFalse();
        String first = service.signingKey(REALM).getKeyID();

        clock.advance(interval.minusSeconds(1));
        assertThat(service.rotateIfOlderThan(REALM, "ES256", interval, RETENTION)).isFalse();
        assertThat(service.signingKey(REALM).getKeyID()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        assertThat(service.rotateIfOlderThan(REALM, "ES256", interval, RETENTION)).isTrue();
        assertThat(service.signingKey(REALM).getKeyID()).isNotEqualTo(first);
        assertThat(service.rotateIfOlderThan(REALM, "ES256", interval, RETENTION)).as("age counts from activation")
                .isFalse();
    }

    @Test
    void privateKeyIsStoredEncrypted() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, "RS256", RETENTION);
        JWK signing = service.signingKey(REALM);
        String d = (String) signing.toJSONObject().get("d");

        String stored = jdbc.sql("select private_key_encrypted from signing_key where id = :kid")
                .param("kid", signing.getKeyID()).query(String.class).single();

        assertThat(d).isNotBlank();
        assertThat(stored).doesNotContain(d).doesNotContain("\"kty\"");
        assertThat(new String(Base64.getDecoder().decode(stored), StandardCharsets.ISO_8859_1))
                .doesNotContain(d).doesNotContain("kty");
    }

    @Test
    void ciphertextMovedToAnotherRowDoesNotDecrypt() {
        JdbcRealmKeyService service = service(Duration.ZERO);
        service.ensureKeys(REALM, "RS256", RETENTION);
        String active = single(storedKids("ACTIVE"));
        String next = single(storedKids("NEXT"));

        jdbc.sql("update signing_key set private_key_encrypted ="
                        + " (select private_key_encrypted from signing_key where id = :next) where id = :active")
                .param("next", next).param("active", active).update();

        assertThatThrownBy(() -> service.signingKey(REALM)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(active);
    }

    @Test
    void wrongMasterKeyFailsWithAClearError() {
        service(Duration.ZERO).ensureKeys(REALM, "RS256", RETENTION);
        JdbcRealmKeyService otherKey = new JdbcRealmKeyService(jdbc, tx, randomMasterKey(), clock, Duration.ZERO);

        assertThatThrownBy(() -> otherKey.signingKey(REALM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot decrypt signing key")
                .hasMessageContaining("master key")
                .hasMessageContaining(REALM);
        assertThat(otherKey.publishedKeys(REALM).getKeys()).as("public keys need no master key").hasSize(2);
    }

    @Test
    void unsupportedAlgorithmIsRejected() {
        JdbcRealmKeyService service = service(Duration.ZERO);

        assertThatThrownBy(() -> service.ensureKeys(REALM, "HS256", RETENTION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HS256");
        assertThat(states()).isEmpty();
    }

    @Test
    void readsAreCachedForTheTtlButOwnChangesShowAtOnce() {
        JdbcRealmKeyService nodeA = service(Duration.ofMinutes(1));
        JdbcRealmKeyService nodeB = service(Duration.ofMinutes(1));
        nodeA.ensureKeys(REALM, "ES256", RETENTION);
        String first = nodeA.signingKey(REALM).getKeyID();
        assertThat(nodeB.signingKey(REALM).getKeyID()).isEqualTo(first);
        Set<String> publishedBefore = kids(nodeB.publishedKeys(REALM));

        String second = nodeA.rotate(REALM, "ES256", RETENTION);

        assertThat(nodeA.signingKey(REALM).getKeyID()).as("own change").isEqualTo(second);
        assertThat(nodeB.signingKey(REALM).getKeyID()).as("other node, cached").isEqualTo(first);
        assertThat(kids(nodeB.publishedKeys(REALM))).isEqualTo(publishedBefore);

        clock.advance(Duration.ofMinutes(1));
        assertThat(nodeB.signingKey(REALM).getKeyID()).isEqualTo(second);
        assertThat(kids(nodeB.publishedKeys(REALM))).hasSize(3).contains(first, second);
    }

    @Test
    void concurrentEnsureKeysFromEightNodesLeavesOneActiveAndOneNextKey() throws Exception {
        List<JdbcRealmKeyService> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.add(service(Duration.ofMinutes(5)));
        }

        List<String> signers = runConcurrently(nodes.stream().<Callable<String>>map(node -> () -> {
            node.ensureKeys(REALM, "RS256", RETENTION);
            return node.signingKey(REALM).getKeyID();
        }).toList());

        assertThat(states()).containsExactlyInAnyOrderEntriesOf(Map.of("ACTIVE", 1L, "NEXT", 1L));
        assertThat(new HashSet<>(signers)).containsExactly(single(storedKids("ACTIVE")));
        assertThat(jdbc.sql("select count(*) from realm_key_lock").query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void losingTheRaceToCreateTheLockRowIsHarmless() throws Exception {
        // Another node has inserted the realm's lock row but not committed yet: our insert waits for it and then
        // fails with a duplicate key, which must not fail ensureKeys.
        try (Connection otherNode = dataSource.getConnection()) {
            otherNode.setAutoCommit(false);
            try (PreparedStatement insert = otherNode.prepareStatement("insert into realm_key_lock (realm) values (?)")) {
                insert.setString(1, REALM);
                insert.executeUpdate();
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> ensure = pool.submit(() -> service(Duration.ZERO).ensureKeys(REALM, "ES256", RETENTION));
                Thread.sleep(500); // let ensureKeys reach the insert and block on the uncommitted row
                otherNode.commit();
                ensure.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
        }

        assertThat(states()).containsExactlyInAnyOrderEntriesOf(Map.of("ACTIVE", 1L, "NEXT", 1L));
    }

    @Test
    void concurrentRotationsEachLeaveExactlyOneActiveKey() throws Exception {
        service(Duration.ZERO).ensureKeys(REALM, "ES256", RETENTION);
        JdbcRealmKeyService reader = service(Duration.ZERO);
        AtomicBoolean rotating = new AtomicBoolean(true);
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread observer = new Thread(() -> {
            while (rotating.get()) {
                long active = jdbc.sql("select count(*) from signing_key where realm = :realm and state = 'ACTIVE'")
                        .param("realm", REALM).query(Long.class).single();
                if (active != 1) {
                    problems.add(active + " ACTIVE keys");
                }
                try {
                    reader.signingKey(REALM);
                } catch (RuntimeException e) {
                    problems.add(e.toString());
                }
            }
        });
        observer.start();

        List<Callable<String>> rotations = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JdbcRealmKeyService node = service(Duration.ZERO);
            rotations.add(() -> node.rotate(REALM, "ES256", RETENTION));
        }
        List<String> signers;
        try {
            signers = runConcurrently(rotations);
        } finally {
            rotating.set(false);
            observer.join();
        }

        assertThat(problems).isEmpty();
        assertThat(new HashSet<>(signers)).as("every rotation switched to a new key").hasSize(6);
        assertThat(states()).containsExactlyInAnyOrderEntriesOf(Map.of("ACTIVE", 1L, "NEXT", 1L, "RETIRED", 6L));
        assertThat(signers).contains(single(storedKids("ACTIVE")));
    }

    // ---- helpers ----

    private JdbcRealmKeyService service(Duration cacheTtl) {
        return new JdbcRealmKeyService(jdbc, tx, masterKey, clock, cacheTtl);
    }

    private Map<String, Long> states() {
        return jdbc.sql("select state, count(*) as n from signing_key where realm = :realm group by state")
                .param("realm", REALM)
                .query((rs, n) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private List<String> storedKids(String... states) {
        return jdbc.sql("select id, state from signing_key where realm = :realm")
                .param("realm", REALM)
                .query((rs, n) -> Map.entry(rs.getString("id"), rs.getString("state")))
                .list().stream()
                .filter(e -> List.of(states).contains(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String single(List<String> kids) {
        assertThat(kids).hasSize(1);
        return kids.get(0);
    }

    private static Set<String> kids(JWKSet jwks) {
        return jwks.getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
    }

    private static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String sign(JWK key, String payload) throws JOSEException {
        JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName()); // a parsed JWK has a generic Algorithm
        JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), new Payload(payload));
        jws.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
        return jws.serialize();
    }

    private static boolean verifies(String compact, JWK publicKey) throws Exception {
        JWSObject jws = JWSObject.parse(compact);
        return jws.verify(new DefaultJWSVerifierFactory()
                .createJWSVerifier(jws.getHeader(), ((AsymmetricJWK) publicKey).toPublicKey()));
    }

    private static MasterKey randomMasterKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return MasterKey.fromBase64(Base64.getEncoder().encodeToString(raw));
    }
}
