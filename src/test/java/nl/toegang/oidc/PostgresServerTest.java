package nl.toegang.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.PostgresTestDatabase;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static nl.toegang.oidc.TestRealms.PASSWORD;
import static nl.toegang.oidc.TestRealms.REDIRECT;
import static nl.toegang.oidc.TestRealms.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** The same server on the real PostgreSQL of this machine (its own schema): flows, races and restarts. */
class PostgresServerTest {
    @TempDir
    static Path temp;
    static PostgresTestDatabase database;
    static TestServer server;
    static OidcTestClient portal;

    @BeforeAll
    static void start() throws Exception {
        database = PostgresTestDatabase.create();
        String jwks = new JWKSet(new RSAKeyGenerator(2048).generate().toPublicJWK()).toString();
        TestRealms.write(temp.resolve("realms"), jwks);
        server = TestServer.embedded(temp.resolve("data"), temp.resolve("realms"), Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "")).start();
        portal = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void codeFlowRefreshReuseAndRaceBehaveAsOnH2() throws Exception {
        var pkce = OidcTestClient.Pkce.create();
        var result = portal.loginAndAuthorize(new Browser(), portal.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        var pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<java.net.http.HttpResponse<String>>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(pool.submit(() -> {
                go.await();
                return portal.redeemCode(result.get("code"), pkce.verifier());
            }));
        }
        go.countDown();
        List<java.net.http.HttpResponse<String>> responses = new ArrayList<>();
        for (var a : attempts) {
            responses.add(a.get());
        }
        pool.shutdown();
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        var winner = responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
        portal.verify(OidcTestClient.json(winner.body()).get("id_token").asString());
        // A loser that arrives after the winner committed is a replay, which revokes the winner's tokens (by
        // design), so refresh rotation is checked on a login of its own.
        var pkce2 = OidcTestClient.Pkce.create();
        var second = portal.loginAndAuthorize(new Browser(), portal.authorizationParams(pkce2, "s", "n"),
                "alice@example.org", PASSWORD);
        var tokens = OidcTestClient.json(portal.redeemCode(second.get("code"), pkce2.verifier()).body());

        String refresh = tokens.get("refresh_token").asString();
        var rotated = portal.refresh(refresh);
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(portal.refresh(refresh).statusCode()).isEqualTo(400);
        assertThat(portal.refresh(OidcTestClient.json(rotated.body()).get("refresh_token").asString())
                .statusCode()).isEqualTo(400);
    }

    @Test
    void keysPersistAcrossRestart() throws Exception {
        String before = kid();
        server.restart();
        portal = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
        assertThat(kid()).isEqualTo(before);
    }

    private static String kid() throws Exception {
        var response = portal.clientCredentials("profile");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SignedJWT.parse(OidcTestClient.json(response.body()).get("access_token").asString())
                .getHeader().getKeyID();
    }
}
