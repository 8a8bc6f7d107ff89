package nl.toegang.admin;

import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API decides on every call from the current state, not from the signed token alone: a token revoked at
 * {@code /oauth2/revoke} is refused at the very next call (it used to work until it expired, while introspection
 * already said {@code active:false}), and so is a token of a client removed from the realm file; a role removed from
 * the realm file no longer counts although the token still names it.
 */
class AdminTokenRevocationTest {
    static final String OPS_SECRET = "ops-secret-for-tests-0123456789abcdefgh";
    static final String HELPDESK_SECRET = "helpdesk-secret-for-tests-0123456789ab";
    static final String LEAVER_SECRET = "leaver-secret-for-tests-0123456789abcd";

    @TempDir
    Path temp;

    @Test
    void whenTokenIsRevokedThenTheNextAdminCallAnswers401AtOnce() throws Exception {
        Path realms = realms(adminRealm("[admin]", "[support]", true));
        try (TestServer server = server(realms).start()) {
            String path = "/admin/realms/portal/users/" + alice(server);
            var ops = new OidcTestClient(server.issuer("admin"), "ops", OPS_SECRET, null);
            String token = token(server, "ops", OPS_SECRET);
            String other = token(server, "ops", OPS_SECRET);
            assertThat(call(server, "GET", path, token, null).statusCode()).isEqualTo(200);

            assertThat(ops.postWithClientAuth("/oauth2/revoke", Map.of("token", token, "token_type_hint",
                    "access_token")).statusCode()).isEqualTo(200);
            assertThat(OidcTestClient.json(ops.postWithClientAuth("/oauth2/introspect", Map.of("token", token))
                    .body()).get("active").asBoolean()).isFalse();

            var refused = call(server, "GET", path, token, null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
            var error = OidcTestClient.json(refused.body());
            assertThat(error.get("error").asString()).isEqualTo("invalid_token");
            assertThat(error.get("error_description").asString()).contains("revoked");
            var action = call(server, "POST", path + "/end-sessions", token, "{\"reason\":\"ticket 9\"}");
            assertThat(action.statusCode()).as("nor may it act").isEqualTo(401);

            assertThat(call(server, "GET", path, other, null).statusCode())
                    .as("another token of the same client is not revoked").isEqualTo(200);
        }
    }

    @Test
    void whenClientIsRemovedOrItsRoleTakenAwayThenItsTokensAreRefusedAtOnce() throws Exception {
        Path realms = realms(adminRealm("[admin]", "[support]", true));
        try (TestServer server = server(realms).start()) {
            String path = "/admin/realms/portal/users/" + alice(server);
            String ops = token(server, "ops", OPS_SECRET);
            String helpdesk = token(server, "helpdesk", HELPDESK_SECRET);
            String leaver = token(server, "leaver", LEAVER_SECRET);
            assertThat(call(server, "GET", path, leaver, null).statusCode()).isEqualTo(200);
            assertThat(call(server, "GET", path, helpdesk, null).statusCode()).isEqualTo(200);
            assertThat(call(server, "POST", path + "/disable", ops, "{\"reason\":\"fraud check\"}").statusCode())
                    .isEqualTo(200);

            // The operator edits the realm file: ops loses admin (keeps support), helpdesk loses every role, leaver
            // is gone. The tokens issued before stay validly signed and unexpired.
            Files.writeString(realms.resolve("admin.yaml"), adminRealm("[support]", null, false));
            server.restart();

            var gone = call(server, "GET", path, leaver, null);
            assertThat(gone.statusCode()).isEqualTo(401);
            assertThat(OidcTestClient.json(gone.body()).get("error_description").asString())
                    .contains("no longer declared");
            assertThat(call(server, "GET", path, helpdesk, null).statusCode()).as("no role left").isEqualTo(403);
            assertThat(call(server, "POST", path + "/enable", ops, "{\"reason\":\"cleared\"}").statusCode())
                    .as("admin role taken away").isEqualTo(403);
            assertThat(call(server, "GET", path, ops, null).statusCode())
                    .as("a token never counts for more than it names nor than the realm file grants now").isEqualTo(403);
            String opsNow = token(server, "ops", OPS_SECRET);
            assertThat(call(server, "GET", path, opsNow, null).statusCode()).as("new token: support").isEqualTo(200);
            assertThat(call(server, "POST", path + "/enable", opsNow, "{\"reason\":\"cleared\"}").statusCode())
                    .isEqualTo(403);
        }
    }

    // A fixed public URL: the tokens' issuer must stay the same across the restart (the port does not).
    private TestServer server(Path realms) {
        return TestServer.embedded(temp.resolve("data"), realms, Map.of("toegang.public-url", "http://toegang.test"));
    }

    private static String adminRealm(String opsRoles, String helpdeskRoles, boolean withLeaver) {
        StringBuilder yaml = new StringBuilder("""
                name: admin
                displayName: Beheer
                clients:
                  - clientId: ops
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: %s
                  - clientId: helpdesk
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                """.formatted(OPS_SECRET, opsRoles, HELPDESK_SECRET));
        if (helpdeskRoles != null) {
            yaml.append("    roles: ").append(helpdeskRoles).append('\n');
        }
        if (withLeaver) {
            yaml.append("""
                      - clientId: leaver
                        type: confidential
                        secret: %s
                        grantTypes: [client_credentials]
                        roles: [support]
                    """.formatted(LEAVER_SECRET));
        }
        return yaml.toString();
    }

    private Path realms(String adminYaml) throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("admin.yaml"), adminYaml);
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice
                    emailVerified: true
                """);
        return realms;
    }

    private static String alice(TestServer server) {
        return server.bean(AccountRepository.class).findByEmail("portal", "alice@example.org").orElseThrow().id();
    }

    private static String token(TestServer server, String clientId, String secret) {
        var response = new OidcTestClient(server.issuer("admin"), clientId, secret, null)
                .tokenRequest(Map.of("grant_type", "client_credentials"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcTestClient.json(response.body()).get("access_token").asString();
    }

    private static HttpResponse<String> call(TestServer server, String method, String path, String token,
                                             String body) {
        return new Browser().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
