package nl.toegang.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.OidcTestClient.Pkce;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static nl.toegang.oidc.TestRealms.PASSWORD;
import static nl.toegang.oidc.TestRealms.REDIRECT;
import static nl.toegang.oidc.TestRealms.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7662 §4: a client learns about its own tokens at the introspection endpoint, a client declared
 * {@code introspection: any-token-in-realm} (a resource server) about every token of its realm, and any other client
 * gets {@code {"active":false}}, exactly the answer for a token that does not exist.
 */
class IntrospectionAccessTest {
    @TempDir
    static Path temp;
    static TestServer server;
    static OidcTestClient rp;        // issues users' tokens (client A)
    static OidcTestClient neighbour; // another confidential client of the realm (client B)
    static OidcTestClient resourceServer;
    static OidcTestClient batch;     // client-credentials client

    @BeforeAll
    static void start() throws Exception {
        Path realms = temp.resolve("realms");
        TestRealms.write(realms, jwks());
        Files.writeString(realms.resolve("portal.yaml"), Files.readString(realms.resolve("portal.yaml"))
                .replace("clients:\n", """
                        clients:
                          - clientId: neighbour
                            type: confidential
                            secret: %s
                            grantTypes: [client_credentials]
                            scopes: [api]
                          - clientId: resource-server
                            type: confidential
                            secret: %s
                            grantTypes: [client_credentials]
                            scopes: [api]
                            introspection: any-token-in-realm
                          - clientId: batch
                            type: confidential
                            secret: %s
                            grantTypes: [client_credentials]
                            scopes: [api]
                        """.formatted(SECRET, SECRET, SECRET)));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        rp = client("rp");
        neighbour = client("neighbour");
        resourceServer = client("resource-server");
        batch = client("batch");
    }

    private static String jwks() throws Exception {
        return new JWKSet(new RSAKeyGenerator(2048).generate().toPublicJWK()).toString();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static OidcTestClient client(String clientId) {
        return new OidcTestClient(server.issuer("portal"), clientId, SECRET, REDIRECT);
    }

    private static JsonNode userTokens() {
        Pkce pkce = Pkce.create();
        var result = rp.loginAndAuthorize(new Browser(), rp.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        var response = rp.redeemCode(result.get("code"), pkce.verifier());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcTestClient.json(response.body());
    }

    private static JsonNode introspect(OidcTestClient asking, String token) {
        var response = asking.postWithClientAuth("/oauth2/introspect", Map.of("token", token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcTestClient.json(response.body());
    }

    @Test
    void whenAnotherClientIntrospectsAUsersTokensThenTheyAreInactiveLikeUnknownTokens() {
        JsonNode tokens = userTokens();
        for (String token : new String[]{tokens.get("access_token").asString(), tokens.get("refresh_token").asString()}) {
            JsonNode answer = introspect(neighbour, token);
            assertThat(answer.get("active").asBoolean()).isFalse();
            assertThat(answer.toString()).as("nothing about the token leaks").isEqualTo("{\"active\":false}")
                    .isEqualTo(introspect(neighbour, "no-such-token").toString());
        }
    }

    @Test
    void theTokensOwnClientAndAResourceServerSeeTheToken() {
        JsonNode tokens = userTokens();
        for (OidcTestClient allowed : new OidcTestClient[]{rp, resourceServer}) {
            JsonNode access = introspect(allowed, tokens.get("access_token").asString());
            assertThat(access.get("active").asBoolean()).isTrue();
            assertThat(access.get("client_id").asString()).isEqualTo("rp");
            assertThat(access.get("sub").asString()).isNotBlank();
            assertThat(introspect(allowed, tokens.get("refresh_token").asString()).get("active").asBoolean()).isTrue();
        }
    }

    @Test
    void clientCredentialsTokensFollowTheSameRule() {
        var issued = batch.clientCredentials("api");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String token = OidcTestClient.json(issued.body()).get("access_token").asString();

        assertThat(introspect(batch, token).get("active").asBoolean()).isTrue();
        assertThat(introspect(resourceServer, token).get("client_id").asString()).isEqualTo("batch");
        assertThat(introspect(neighbour, token).toString()).isEqualTo("{\"active\":false}");
        assertThat(introspect(rp, token).toString()).isEqualTo("{\"active\":false}");
    }
}
