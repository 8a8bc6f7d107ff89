package nl.toegang.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.PostgresTestDatabase;
import nl.toegang.testsupport.RequestWork;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static nl.toegang.oidc.TestRealms.PASSWORD;
import static nl.toegang.oidc.TestRealms.REDIRECT;
import static nl.toegang.oidc.TestRealms.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-credentials tokens are not stored, yet introspection and revocation work for them on every node: two nodes
 * on one PostgreSQL schema (same master key and public URL, as in production), a token issued by one and checked or
 * revoked on the other.
 */
class ClientCredentialsTokensTest {
    private static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String PUBLIC_URL = "http://toegang.test";

    @TempDir
    static Path temp;
    static PostgresTestDatabase database;
    static MutableClock clock;
    static TestServer nodeA;
    static TestServer nodeB;
    static final RequestWork nodeBWork = new RequestWork();

    @BeforeAll
    static void start() throws Exception {
        database = PostgresTestDatabase.create();
        Path realms = temp.resolve("realms");
        TestRealms.write(realms, new JWKSet(new RSAKeyGenerator(2048).generate().toPublicJWK()).toString());
        Files.writeString(realms.resolve("portal.yaml"), Files.readString(realms.resolve("portal.yaml"))
                .replace("clients:\n", """
                        clients:
                          - clientId: batch
                            type: confidential
                            secret: %s
                            grantTypes: [client_credentials]
                            scopes: [api]
                        """.formatted(SECRET))
                // rp introspects batch's tokens below, so it is the realm's resource server
                .replace("  - clientId: rp\n    type: confidential\n",
                        "  - clientId: rp\n    type: confidential\n    introspection: any-token-in-realm\n"));
        clock = new MutableClock(java.time.Instant.now());
        nodeA = node(temp.resolve("data-a")).withClock(clock).start();
        nodeB = node(temp.resolve("data-b")).with(nodeBWork).start();
    }

    private static TestServer node(Path data) {
        return TestServer.embedded(data, temp.resolve("realms"), Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "",
                "toegang.master-key", MASTER_KEY,
                "toegang.public-url", PUBLIC_URL,
                "toegang.key-cache-ttl", "5s", // the default, as in production
                "toegang.mail.dispatch-interval", "1h")); // no background queries while counting connections
    }

    @AfterAll
    static void stop() {
        for (TestServer node : new TestServer[]{nodeA, nodeB}) {
            if (node != null) {
                node.stop();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    private static OidcTestClient client(TestServer node, String realm, String clientId) {
        return new OidcTestClient(node.baseUrl() + "/realms/" + realm, clientId, SECRET, REDIRECT);
    }

    private static String clientCredentialsToken(TestServer node, String clientId) {
        var response = client(node, "portal", clientId).clientCredentials("api");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcTestClient.json(response.body()).get("access_token").asString();
    }

    private static tools.jackson.databind.JsonNode introspect(TestServer node, String realm, String token) {
        var response = client(node, realm, "rp").postWithClientAuth("/oauth2/introspect", Map.of("token", token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcTestClient.json(response.body());
    }

    private static int storedAuthorizations() {
        return nodeA.bean(JdbcClient.class).sql("SELECT COUNT(*) FROM oauth2_authorization")
                .query(Integer.class).single();
    }

    @Test
    void issuanceStoresNothingAndAnyNodeIntrospectsTheToken() throws Exception {
        int before = storedAuthorizations();
        String token = clientCredentialsToken(nodeA, "batch");
        assertThat(storedAuthorizations()).as("no row per client-credentials token").isEqualTo(before);
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("gty")).isEqualTo("client_credentials");

        var json = introspect(nodeB, "portal", token);
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("client_id").asString()).isEqualTo("batch");
        assertThat(json.get("sub").asString()).isEqualTo("batch");
        assertThat(json.get("scope").asString()).isEqualTo("api");
        assertThat(json.get("iss").asString()).isEqualTo(PUBLIC_URL + "/realms/portal");
        assertThat(json.get("token_type").asString()).isEqualTo("Bearer");
    }

    @Test
    void issuanceTakesNoDatabaseConnection() {
        clientCredentialsToken(nodeB, "batch"); // warm: keys are loaded once and cached
        // Recorded on the request's own thread, so the scheduled jobs of a busy machine do not count.
        for (int i = 0; i < 5; i++) {
            var request = HttpRequest.newBuilder(URI.create(nodeB.baseUrl() + "/realms/portal/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", OidcTestClient.basic("batch", SECRET))
                    .header(RequestWork.HEADER, "token-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api"))
                    .build();
            var response = new Browser().send(request);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            // The one read allowed: the realm's maintenance state, cached for 2 s on every node and shared by all
            // requests (MaintenanceState). Nothing per token: no client, key or authorization lookup.
            var steps = nodeBWork.steps("token-" + i);
            var sql = steps.stream().filter(step -> step.startsWith("sql ")).toList();
            assertThat(sql).as("SQL of client-credentials token request %d", i)
                    .allMatch(step -> step.contains("FROM realm_maintenance"));
            assertThat(steps.stream().filter(step -> step.equals("connection")).count())
                    .as("connections of client-credentials token request %d", i).isLessThanOrEqualTo(sql.size());
        }
    }

    @Test
    void revokedOnOneNodeIsInactiveOnEveryNode() {
        String token = clientCredentialsToken(nodeA, "batch");
        var revoke = client(nodeA, "portal", "batch").postWithClientAuth("/oauth2/revoke", Map.of("token", token));
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);

        assertThat(introspect(nodeA, "portal", token).get("active").asBoolean()).isFalse();
        assertThat(introspect(nodeB, "portal", token).get("active").asBoolean()).isFalse();
        // Revoking again (a retry, or the other node) is harmless and changes nothing.
        var again = client(nodeB, "portal", "batch").postWithClientAuth("/oauth2/revoke", Map.of("token", token));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(introspect(nodeB, "portal", token).get("active").asBoolean()).isFalse();
        // Other tokens of the same client are untouched.
        assertThat(introspect(nodeB, "portal", clientCredentialsToken(nodeB, "batch")).get("active").asBoolean())
                .isTrue();
    }

    @Test
    void anotherClientCannotRevokeTheToken() {
        String token = clientCredentialsToken(nodeA, "batch");
        var revoke = client(nodeB, "portal", "rp").postWithClientAuth("/oauth2/revoke", Map.of("token", token));
        assertThat(revoke.statusCode()).isEqualTo(400);
        assertThat(revoke.body()).contains("invalid_client");
        assertThat(introspect(nodeA, "portal", token).get("active").asBoolean()).isTrue();
    }

    @Test
    void tamperedOrForeignRealmTokensAreInactive() throws Exception {
        String token = clientCredentialsToken(nodeA, "batch");
        String[] parts = token.split("\\.");
        String tamperedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("\"api\"", "\"admin\"")
                        .getBytes());
        String tampered = parts[0] + "." + tamperedPayload + "." + parts[2];
        assertThat(introspect(nodeB, "portal", tampered).get("active").asBoolean()).isFalse();
        // The realm "other" has a client "rp" too: the portal token means nothing there.
        assertThat(introspect(nodeB, "other", token).get("active").asBoolean()).isFalse();
        assertThat(introspect(nodeB, "portal", "not-a-token").get("active").asBoolean()).isFalse();
    }

    @Test
    void aUserAccessTokenIsNeverTakenForASelfDescribingOne() {
        var rp = client(nodeA, "portal", "rp");
        var pkce = OidcTestClient.Pkce.create();
        var result = rp.loginAndAuthorize(new Browser(), rp.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        var tokens = OidcTestClient.json(rp.redeemCode(result.get("code"), pkce.verifier()).body());
        String accessToken = tokens.get("access_token").asString();
        assertThat(introspect(nodeB, "portal", accessToken).get("active").asBoolean()).isTrue();

        // Ending the account's tokens deletes its stored authorizations: the signed token must become inactive.
        String accountId = introspect(nodeB, "portal", accessToken).get("sub").asString();
        assertThat(nodeA.bean(TokenRevocation.class).revokeAll("portal", accountId)).isPositive();
        assertThat(introspect(nodeB, "portal", accessToken).get("active").asBoolean()).isFalse();
    }

    @Test
    void revocationsArePurgedOnceTheTokenHasExpired() {
        String token = clientCredentialsToken(nodeA, "batch");
        client(nodeA, "portal", "batch").postWithClientAuth("/oauth2/revoke", Map.of("token", token));
        var tokens = nodeA.bean(ClientCredentialsTokens.class);
        String hash = StoredAuthorizations.sha256(token);
        JdbcClient jdbc = nodeA.bean(JdbcClient.class);
        String count = "SELECT COUNT(*) FROM oauth2_revoked_token WHERE token_hash = ?";
        tokens.purgeExpired();
        assertThat(jdbc.sql(count).param(hash).query(Integer.class).single()).as("still needed").isEqualTo(1);

        clock.advance(Duration.ofHours(2)); // well past the access-token lifetime
        try {
            tokens.purgeExpired();
        } finally {
            clock.advance(Duration.ofHours(-2));
        }
        assertThat(jdbc.sql(count).param(hash).query(Integer.class).single()).isZero();
    }
}
