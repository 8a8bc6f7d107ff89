package nl.toegang.admin;

import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may use the admin lockout endpoints, and how they answer bad requests. */
class AdminLockoutApiTest {
    static final String ADMIN_SECRET = "admin-secret-for-tests-0123456789abcdef";
    static final String SUPPORT_SECRET = "support-secret-for-tests-0123456789abc";
    static final String PLAIN_SECRET = "plain-secret-for-tests-0123456789abcde";

    @TempDir
    static Path temp;
    static TestServer server;
    static String alicePath;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice
                    emailVerified: true
                """.formatted(ADMIN_SECRET));
        Files.writeString(realms.resolve("admin.yaml"), """
                name: admin
                displayName: Toegang beheer
                clients:
                  - clientId: support-tool
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [admin]
                  - clientId: helpdesk
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [support]
                  - clientId: plain
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                """.formatted(ADMIN_SECRET, SUPPORT_SECRET, PLAIN_SECRET));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        String alice = server.bean(AccountRepository.class).findByEmail("portal", "alice@example.org").orElseThrow().id();
        alicePath = "/admin/realms/portal/users/" + alice;
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String token(String realm, String clientId, String secret) {
        var response = new OidcTestClient(server.issuer(realm), clientId, secret, null)
                .tokenRequest(Map.of("grant_type", "client_credentials"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcTestClient.json(response.body()).get("access_token").asString();
    }

    static HttpResponse<String> get(String path, String token) {
        var builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return new Browser().send(builder.build());
    }

    static HttpResponse<String> post(String path, String token, String body) {
        var builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return new Browser().send(builder.build());
    }

    @Test
    void whenClientCredentialsTokenIsIssuedThenItCarriesTheClientsRoles() {
        String token = token("admin", "support-tool", ADMIN_SECRET);
        var claims = new OidcTestClient(server.issuer("admin"), "support-tool", ADMIN_SECRET, null).verify(token);
        assertThat(claims.getClaim("roles")).isEqualTo(java.util.List.of("admin"));
    }

    @Test
    void whenNoOrBadTokenThen401() {
        assertThat(get(alicePath + "/lockout", null).statusCode()).isEqualTo(401);
        assertThat(get(alicePath + "/lockout", "not-a-jwt").statusCode()).isEqualTo(401);
        assertThat(post(alicePath + "/unlock", null, "{\"reason\":\"x\"}").statusCode()).isEqualTo(401);
        // A token of another realm (even from a client with the same secret) is not an admin token.
        assertThat(get(alicePath + "/lockout", token("portal", "rp", ADMIN_SECRET)).statusCode()).isEqualTo(401);
    }

    @Test
    void whenTokenHasNoRoleThen403() {
        String plain = token("admin", "plain", PLAIN_SECRET);
        assertThat(get(alicePath + "/lockout", plain).statusCode()).isEqualTo(403);
        assertThat(post(alicePath + "/unlock", plain, "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void whenSupportOrAdminThenStateCanBeReadAndUnlocked() {
        for (String token : new String[]{token("admin", "helpdesk", SUPPORT_SECRET),
                token("admin", "support-tool", ADMIN_SECRET)}) {
            var state = get(alicePath + "/lockout", token);
            assertThat(state.statusCode()).isEqualTo(200);
            var json = OidcTestClient.json(state.body());
            assertThat(json.get("realm").asString()).isEqualTo("portal");
            assertThat(json.get("untrusted").get("disabled").asBoolean()).isFalse();
            assertThat(post(alicePath + "/unlock", token, "{\"reason\":\"ticket 1\"}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenReasonIsMissingThen400WithAClearError() {
        String token = token("admin", "support-tool", ADMIN_SECRET);
        for (String body : new String[]{"{}", "{\"reason\":\"  \"}", "", "not json"}) {
            var response = post(alicePath + "/unlock", token, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(OidcTestClient.json(response.body()).get("error").asString()).isEqualTo("invalid_request");
            assertThat(response.body()).contains("reason");
        }
    }

    @Test
    void whenRealmOrAccountIsUnknownThen404() {
        String token = token("admin", "support-tool", ADMIN_SECRET);
        assertThat(get("/admin/realms/nope/users/x/lockout", token).statusCode()).isEqualTo(404);
        assertThat(get("/admin/realms/portal/users/no-such-id/lockout", token).statusCode()).isEqualTo(404);
        assertThat(post("/admin/realms/portal/users/no-such-id/unlock", token, "{\"reason\":\"x\"}").statusCode())
                .isEqualTo(404);
    }
}
