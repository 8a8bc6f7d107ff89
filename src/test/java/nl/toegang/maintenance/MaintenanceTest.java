package nl.toegang.maintenance;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                upstreams:
                  - id: partner
                    type: oidc
                    displayName: {nl: Partner, en: Partner}
                    issuer: http://127.0.0.1:9/partner
                    clientId: toegang
                    clientSecret: partner-secret-for-tests-0123456789abcdef
                texts:
                  support:
                    nl: Bel de helpdesk op 088 123 4567.
                    en: Call the helpdesk on +31 88 123 4567.
                """);
        Files.writeString(realms.resolve("portal.yaml"), "name: portal\ndisplayName: Portal\n" + client + users);
        RealmYaml.writeAdminRealm(realms, ADMIN_SECRET);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aRealmInMaintenanceTurnsAwayNewSignInsClearly() {
        var client = new OidcTestClient(server.issuer("closed"), "rp", SECRET, REDIRECT);
        // A program (no text/html in Accept) gets the protocol error on its registered redirect URI, as before.
        var authorize = new Browser().get(client.authorizationUrl(client.authorizationParams(
                OidcTestClient.Pkce.create(), "st", "n")), Map.of("Accept", "application/json"));
        assertThat(authorize.statusCode()).isEqualTo(302);
        var query = Browser.queryParams(Browser.location(authorize));
        assertThat(query).containsEntry("error", "temporarily_unavailable").containsEntry("state", "st")
                .containsEntry("iss", server.issuer("closed"));

        Browser browser = new Browser();
        var login = browser.get(server.issuer("closed") + "/login", Map.of("Accept-Language", "en"));
        // The banner: the message, and the end in Amsterdam time (07:00 on a winter's day) with its day and year.
        assertThat(login.body()).contains("We are doing maintenance.")
                .contains("datetime=\"2099-01-01T06:00:00Z\"")
                .contains("Expected to last until Thursday 1 January 2099 07:00.")
                .contains("href=\"/realms/closed/status\"");
        var posted = browser.postForm(server.issuer("closed") + "/login", Map.of("email", "alice@example.org",
                "password", PASSWORD, "_csrf", Browser.csrfToken(login.body())));
        assertThat(Browser.location(posted)).endsWith("/realms/closed/maintenance");
        // Every way in is paused, also an upstream provider's (the provider is never asked).
        assertThat(Browser.location(browser.get(server.issuer("closed") + "/upstream/partner/start")))
                .endsWith("/realms/closed/maintenance");
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
                OidcTestClient.Pkce.create(), "s", "n")), Map.of("Accept", "*/*"));
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

    @Test
    void aPersonFromAPortalSeesTheMessageTheEndAndAWayBackToTheRegisteredRedirectUri() {
        var client = new OidcTestClient(server.issuer("closed"), "rp", SECRET, REDIRECT);
        var authorize = new Browser().get(client.authorizationUrl(client.authorizationParams(
                OidcTestClient.Pkce.create(), "st&x=1 ü", "n")));
        assertThat(authorize.statusCode()).as("a browser goes to the maintenance page").isEqualTo(303);
        String page = Browser.resolve(authorize);
        assertThat(URI.create(page).getPath()).isEqualTo("/realms/closed/maintenance");
        assertThat(Browser.queryParams(page)).containsOnly(Map.entry("client_id", "rp"),
                Map.entry("redirect_uri", REDIRECT), Map.entry("state", "st&x=1 ü"));

        var dutch = new Browser().get(page, Map.of("Accept", "text/html", "Accept-Language", "nl"));
        assertThat(dutch.statusCode()).isEqualTo(503);
        assertThat(dutch.body()).contains("Wij voeren onderhoud uit.")
                .contains("Naar verwachting duurt dit tot donderdag 1 januari 2099 07:00 uur.")
                .contains("Bel de helpdesk op 088 123 4567.").contains("href=\"/realms/closed/status\"")
                .contains("Terug naar rp");
        String back = href(dutch.body(), "maintenance-back");
        assertThat(back).startsWith(REDIRECT + "?");
        assertThat(Browser.queryParams(back)).containsOnly(Map.entry("error", "temporarily_unavailable"),
                Map.entry("error_description", "The sign-in service is in maintenance"),
                Map.entry("state", "st&x=1 ü"), Map.entry("iss", server.issuer("closed")));
        // The language switch opens the same page with the way back.
        String english = href(dutch.body(), null, "hreflang=\"en\"");
        assertThat(Browser.queryParams(english)).containsEntry("redirect_uri", REDIRECT)
                .containsEntry("client_id", "rp").containsEntry("state", "st&x=1 ü").containsEntry("lang", "en");
        var switched = new Browser().get(server.baseUrl() + english);
        assertThat(switched.body()).contains("We are doing maintenance.").contains("Back to rp")
                .contains("Expected to last until Thursday 1 January 2099 07:00.");
        assertThat(href(switched.body(), "maintenance-back")).isEqualTo(back);
    }

    @Test
    void aRedirectUriTheClientDidNotRegisterNeverBecomesAWayBack() {
        List<String> tampered = List.of("https://evil.example/cb", REDIRECT + "/../evil", REDIRECT + "?next=x",
                REDIRECT + "#f", REDIRECT.toUpperCase(java.util.Locale.ROOT), "//evil.example/cb",
                "javascript:alert(1)", REDIRECT + " ", "https://rp.example.test.evil.example/cb");
        for (String redirectUri : tampered) {
            var params = new java.util.LinkedHashMap<>(new OidcTestClient(server.issuer("closed"), "rp", SECRET,
                    redirectUri).authorizationParams(OidcTestClient.Pkce.create(), "st", "n"));
            var authorize = new Browser().get(server.issuer("closed") + "/oauth2/authorize?"
                    + Browser.formBody(params));
            assertThat(authorize.statusCode()).as(redirectUri).isEqualTo(303);
            assertThat(Browser.location(authorize)).as(redirectUri).isEqualTo("/realms/closed/maintenance");
            var program = new Browser().get(server.issuer("closed") + "/oauth2/authorize?"
                    + Browser.formBody(params), Map.of("Accept", "application/json"));
            assertThat(Browser.location(program)).as("no protocol redirect either: " + redirectUri)
                    .isEqualTo("/realms/closed/maintenance");

            var page = new Browser().get(server.issuer("closed") + "/maintenance?client_id=rp&redirect_uri="
                    + Browser.enc(redirectUri) + "&state=st");
            assertThat(page.statusCode()).as(redirectUri).isEqualTo(503);
            assertThat(page.body()).as(redirectUri).doesNotContain("maintenance-back")
                    .doesNotContain("evil").doesNotContain("javascript:").doesNotContain("redirect_uri")
                    .contains("id=\"maintenance-message\"");
        }
        // A registered redirect URI of another client, an unknown client, or no client at all: no way back either.
        for (String query : List.of("client_id=other&redirect_uri=" + Browser.enc(REDIRECT),
                "redirect_uri=" + Browser.enc(REDIRECT), "client_id=rp",
                "client_id=account-console&redirect_uri=" + Browser.enc(server.issuer("closed") + "/account/callback"),
                "client_id=rp&redirect_uri=" + Browser.enc(REDIRECT) + "&redirect_uri=https%3A%2F%2Fevil.example")) {
            var page = new Browser().get(server.issuer("closed") + "/maintenance?" + query);
            assertThat(page.statusCode()).as(query).isEqualTo(503);
            assertThat(page.body()).as(query).doesNotContain("maintenance-back").doesNotContain("evil");
        }
    }

    @Test
    void theStatusPageShowsEveryRoutePausedWithTheTimeItWasCheckedAndTheHelpdesk() {
        var html = new Browser().get(server.issuer("closed") + "/status", Map.of("Accept", "text/html",
                "Accept-Language", "en"));
        assertThat(html.body()).contains("Signing in is paused for maintenance.").contains("We are doing maintenance.")
                .contains("Call the helpdesk on +31 88 123 4567.")
                .contains("id=\"route-email\" data-state=\"paused\"")
                .contains("id=\"route-console\" data-state=\"paused\"")
                .contains("id=\"route-digid\" data-state=\"not-offered\"")
                .doesNotContain(">works<");
        var json = OidcTestClient.json(new Browser().get(server.issuer("closed") + "/status",
                Map.of("Accept", "application/json")).body());
        assertThat(json.get("signIn").asString()).isEqualTo("maintenance");
        assertThat(json.get("email").asString()).as("unchanged for existing monitors").isEqualTo("up");
        assertThat(json.get("routes").get("email").asString()).isEqualTo("paused");
        assertThat(json.get("routes").get("console").asString()).isEqualTo("paused");
        assertThat(json.get("maintenanceUntil").asString()).isEqualTo("2099-01-01T06:00:00Z");
        java.time.Instant checked = java.time.Instant.parse(json.get("checkedAt").asString());
        assertThat(checked).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
    }

    /** The unescaped href of the element with this id (or the first link containing {@code marker}). */
    static String href(String html, String id, String... marker) {
        var tag = java.util.regex.Pattern.compile("<a\\b[^>]*>").matcher(html);
        while (tag.find()) {
            String a = tag.group();
            boolean match = id != null ? a.contains("id=\"" + id + "\"") : a.contains(marker[0]);
            if (match) {
                var href = java.util.regex.Pattern.compile("href=\"([^\"]*)\"").matcher(a);
                if (href.find()) {
                    return org.springframework.web.util.HtmlUtils.htmlUnescape(href.group(1));
                }
            }
        }
        throw new AssertionError("no link " + id + " in:\n" + html);
    }

    private static java.net.http.HttpResponse<String> admin(String method, String token, String body) {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms/portal/maintenance"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return new Browser().send(request.build());
    }
}
