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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each role can do exactly what it should; every action is audited with its reason. */
class UserAdminApiTest {
    static final String SUPPORT_SECRET = "support-secret-for-tests-0123456789abc";
    static final String ADMIN_SECRET = "admin-secret-for-tests-0123456789abcdef";
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static TestServer server;
    static String bobId;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                users:
                  - email: bob@example.org
                    password: %s
                    name: Bob Builder
                    emailVerified: true
                  - email: carla@example.org
                    password: %s
                    name: Carla
                    emailVerified: true
                """.formatted(PASSWORD, PASSWORD));
        Files.writeString(realms.resolve("admin.yaml"), """
                name: admin
                displayName: Toegang beheer
                clients:
                  - clientId: helpdesk
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [support]
                  - clientId: ops
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [admin]
                """.formatted(SUPPORT_SECRET, ADMIN_SECRET));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        bobId = server.bean(AccountRepository.class).findByEmail("portal", "bob@example.org").orElseThrow().id();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String token(String client, String secret) {
        var response = new OidcTestClient(server.issuer("admin"), client, secret, null)
                .tokenRequest(Map.of("grant_type", "client_credentials"));
        return OidcTestClient.json(response.body()).get("access_token").asString();
    }

    static HttpResponse<String> call(String method, String path, String token, String body) {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return new Browser().send(request.build());
    }

    static boolean canSignIn(String email) {
        Browser browser = new Browser();
        String login = server.issuer("portal") + "/login";
        var page = browser.get(login);
        var response = browser.postForm(login, Map.of("email", email, "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())));
        return !Browser.location(response).contains("?");
    }

    @Test
    void supportSearchesViewsAndHelpsButCannotDisable() {
        String support = token("helpdesk", SUPPORT_SECRET);
        var found = call("GET", "/admin/realms/portal/users?q=BOB", support, null);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains(bobId).contains("Bob Builder").doesNotContain("argon2").doesNotContain("$");
        assertThat(call("GET", "/admin/realms/portal/users?q=builder", support, null).body()).contains(bobId);
        assertThat(call("GET", "/admin/realms/portal/users/" + bobId, support, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/admin/realms/portal/users/" + bobId + "/end-sessions", support,
                "{\"reason\":\"caller lost phone\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/admin/realms/portal/users/" + bobId + "/revoke-tokens", support,
                "{\"reason\":\"caller lost phone\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/admin/realms/portal/users/" + bobId + "/send-password-reset", support,
                "{\"reason\":\"forgot password, called in\"}").statusCode()).isEqualTo(202);

        assertThat(call("POST", "/admin/realms/portal/users/" + bobId + "/disable", support,
                "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/admin/realms/portal/keys/rotate", support, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/admin/realms/portal/users/unknown-id", support, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/admin/realms/portal/users?size=9999", support, null).statusCode()).isEqualTo(400);
    }

    @Test
    void adminDisablesWithAReasonAndTheUserCannotSignInUntilEnabled() {
        String admin = token("ops", ADMIN_SECRET);
        String carla = server.bean(AccountRepository.class).findByEmail("portal", "carla@example.org")
                .orElseThrow().id();
        assertThat(call("POST", "/admin/realms/portal/users/" + carla + "/disable", admin, null).statusCode())
                .as("reason required").isEqualTo(400);
        assertThat(call("POST", "/admin/realms/portal/users/" + carla + "/disable", admin, "not json")
                .statusCode()).isEqualTo(400);
        var disabled = call("POST", "/admin/realms/portal/users/" + carla + "/disable", admin,
                "{\"reason\":\"fraud report 2026-118\"}");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(canSignIn("carla@example.org")).isFalse();

        call("POST", "/admin/realms/portal/users/" + carla + "/enable", admin, "{\"reason\":\"cleared\"}");
        assertThat(canSignIn("carla@example.org")).isTrue();

        var rotated = call("POST", "/admin/realms/portal/keys/rotate", admin, "{\"reason\":\"yearly rotation\"}");
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(OidcTestClient.json(rotated.body()).get("kid").asString()).isNotBlank();

        var audit = call("GET", "/admin/realms/portal/audit?account=" + carla, admin, null);
        assertThat(audit.body()).contains("account-disabled").contains("fraud report 2026-118")
                .contains("account-enabled").contains("client:ops");
    }

    @Test
    void endSessionsSignsEveryBrowserOfTheAccountOutAndReportsEachSession() {
        String support = token("helpdesk", SUPPORT_SECRET);
        String carla = server.bean(AccountRepository.class).findByEmail("portal", "carla@example.org")
                .orElseThrow().id();
        call("POST", "/admin/realms/portal/users/" + carla + "/enable", token("ops", ADMIN_SECRET),
                "{\"reason\":\"make sure carla can sign in\"}");
        List<Browser> browsers = List.of(new Browser(), new Browser());
        for (Browser browser : browsers) {
            var page = browser.get(server.issuer("portal") + "/login");
            browser.postForm(server.issuer("portal") + "/login", Map.of("email", "carla@example.org",
                    "password", PASSWORD, "_csrf", Browser.csrfToken(page.body())));
            assertThat(browser.get(server.issuer("portal") + "/account").statusCode()).isEqualTo(200);
        }
        var events = server.recordEvents(nl.toegang.session.SsoSessionEnded.class);
        var sids = browsers.stream().map(b -> nl.toegang.session.SessionIds.sid(b.cookies().getCookieStore()
                .getCookies().stream().filter(c -> c.getName().equals("TOEGANG_SESSION")).findFirst().orElseThrow()
                .getValue())).toList();

        assertThat(call("POST", "/admin/realms/portal/users/" + carla + "/end-sessions", support,
                "{\"reason\":\"caller lost phone\"}").statusCode()).isEqualTo(200);

        for (Browser browser : browsers) {
            assertThat(browser.get(server.issuer("portal") + "/account").statusCode()).isEqualTo(302);
        }
        assertThat(events).extracting(nl.toegang.session.SsoSessionEnded::sid).containsAll(sids);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo(carla);
            assertThat(e.reason()).isEqualTo(nl.toegang.session.SsoSessionEnded.Reason.SUPPORT_ACTION);
            assertThat(e.sid()).isNotBlank();
        });
        assertThat(canSignIn("carla@example.org")).as("ending sessions is not a lock").isTrue();
    }
}
