package nl.toegang.maintenance;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Maintenance from the realm file and from the admin API, and the public status page. */
class MaintenanceTest {
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String ADMIN_SECRET = "admin-secret-for-tests-0123456789abcdef";
    static final String REDIRECT = "https://rp.example.test/cb";
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = """
                users:
                  - email: alice@example.org
                    password: %s
                    name: Alice
                    emailVerified: true
                """.formatted(PASSWORD);
        String client = """
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    scopes: [openid, profile, email]
                """.formatted(SECRET, REDIRECT);
        Files.writeString(realms.resolve("closed.yaml"), "name: closed\ndisplayName: Closed\n" + client + users + """
                maintenance:
                  message:
                    nl: Wij voeren onderhoud uit.
                    en: We are doing maintenance.
                  until: 2099-01-01T06:00:00Z
                """);
        Files.writeString(realms.resolve("portal.yaml"), "name: portal\ndisplayName: Portal\n" + client + users);
        Files.writeString(realms.resolve("admin.yaml"), """
                name: admin
                displayName: Beheer
                clients:
                  - clientId: ops
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [admin]
                """.formatted(ADMIN_SECRET));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aRealmInMaintenanceTurnsAwayNewSignInsClearly() {
        var client = new OidcTestClient(server.issuer("closed"), "rp", SECRET, REDIRECT);
        var authorize = new Browser().get(client.authorizationUrl(client.authorizationParams(
                OidcTestClient.Pkce.create(), "st", "n")));
        assertThat(authorize.statusCode()).isEqualTo(302);
        var query = Browser.queryParams(Browser.location(authorize));
        assertThat(query).containsEntry("error", "temporarily_unavailable").containsEntry("state", "st")
                .containsEntry("iss", server.issuer("closed"));

        Browser browser = new Browser();
        var login = browser.get(server.issuer("closed") + "/login", Map.of("Accept-Language", "en"));
        assertThat(login.body()).contains("We are doing maintenance.").contains("2099-01-01T06:00:00Z");
        var posted = browser.postForm(server.issuer("closed") + "/login", Map.of("email", "alice@example.org",
                "password", PASSWORD, "_csrf", Browser.csrfToken(login.body())));
        assertThat(Browser.location(posted)).endsWith("/realms/closed/maintenance");
        var page = browser.get(Browser.resolve(posted));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(Long.parseLong(page.headers().firstValue("Retry-After").orElseThrow())).isPositive();

        var status = new Browser().get(server.issuer("closed") + "/status", Map.of("Accept", "application/json"));
        assertThat(status.statusCode()).isEqualTo(503);
        assertThat(status.body()).contains("\"signIn\":\"maintenance\"").contains("\"digid\":\"not-offered\"");
    }

    @Test
    void operatorsStartAndEndMaintenanceWhileSignedInPeopleAndRefreshKeepWorking() throws Exception {
        var client = new OidcTestClient(server.issuer("portal"), "rp", SECRET, REDIRECT);
        Browser browser = new Browser();
        var pkce = OidcTestClient.Pkce.create();
        var result = client.loginAndAuthorize(browser, client.authorizationParams(pkce, "s", "n"),
                "alice@example.org", PASSWORD);
        String refresh = OidcTestClient.json(client.redeemCode(result.get("code"), pkce.verifier()).body())
                .get("refresh_token").asString();

        String token = OidcTestClient.json(new OidcTestClient(server.issuer("admin"), "ops", ADMIN_SECRET, null)
                .tokenRequest(Map.of("grant_type", "client_credentials")).body()).get("access_token").asString();
        var started = admin("PUT", token, "{\"messageNl\":\"Onderhoud\",\"messageEn\":\"Maintenance\","
                + "\"until\":\"2099-01-01T06:00:00Z\",\"reason\":\"database upgrade\"}");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(admin("PUT", token, "{}").statusCode()).isEqualTo(400);

        var fresh = new Browser().get(client.authorizationUrl(client.authorizationParams(
                OidcTestClient.Pkce.create(), "s", "n")));
        assertThat(Browser.queryParams(Browser.location(fresh))).containsEntry("error", "temporarily_unavailable");
        var sso = browser.get(client.authorizationUrl(client.authorizationParams(OidcTestClient.Pkce.create(), "s",
                "n")));
        assertThat(Browser.queryParams(Browser.location(sso))).as("signed-in browser keeps SSO").containsKey("code");
        var refreshed = client.refresh(refresh);
        assertThat(refreshed.statusCode()).as("refresh keeps working").isEqualTo(200);

        assertThat(admin("DELETE", token, null).statusCode()).as("lifting needs a reason too").isEqualTo(400);
        assertThat(admin("DELETE", token, "{\"reason\":\"upgrade done\"}").statusCode()).isEqualTo(200);
        Thread.sleep(2100); // the maintenance state is cached for two seconds per node
        var after = new Browser().get(client.authorizationUrl(client.authorizationParams(
                OidcTestClient.Pkce.create(), "s", "n")));
        assertThat(java.net.URI.create(Browser.location(after)).getPath()).endsWith("/realms/portal/login");
        assertThat(new Browser().get(server.issuer("portal") + "/status", Map.of("Accept", "application/json"))
                .body()).contains("\"signIn\":\"ok\"");
    }

    private static java.net.http.HttpResponse<String> admin(String method, String token, String body) {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms/portal/maintenance"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return new Browser().send(request.build());
    }
}
