package nl.toegang.admin;

import nl.toegang.account.AccountRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Security events land in the audit table, support can list and filter them, and they never hold personal data. */
class AuditTrailTest {
    static final String ADMIN_SECRET = "admin-secret-for-tests-0123456789abcdef";
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                users:
                  - email: alice@example.org
                    password: %s
                    name: Alice
                    emailVerified: true
                """.formatted(PASSWORD));
        Files.writeString(realms.resolve("admin.yaml"), """
                name: admin
                displayName: Toegang beheer
                clients:
                  - clientId: support-tool
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [support]
                """.formatted(ADMIN_SECRET));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String token() {
        var response = new OidcTestClient(server.issuer("admin"), "support-tool", ADMIN_SECRET, null)
                .tokenRequest(Map.of("grant_type", "client_credentials"));
        return OidcTestClient.json(response.body()).get("access_token").asString();
    }

    private static java.net.http.HttpResponse<String> get(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return new Browser().send(request.header("User-Agent", "AuditTrailTest/1.0").build());
    }

    @Test
    void passwordChangesAreAuditedAndListedForSupportWithoutPersonalData() {
        Browser browser = new Browser();
        String login = server.issuer("portal") + "/login";
        var page = browser.get(login);
        browser.postForm(login, Map.of("email", "alice@example.org", "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())), Map.of("User-Agent", "AuditTrailTest/1.0"));
        var account = browser.get(server.issuer("portal") + "/account");
        var wrong = browser.postForm(server.issuer("portal") + "/account/password", Map.of(
                "currentPassword", "not it", "newPassword", "lantern orbit cactus velvet",
                "_csrf", Browser.csrfToken(account.body())), Map.of("X-Request-Id", "trace-audit-0001"));
        assertThat(wrong.statusCode()).as("refused: 303 back to the page").isEqualTo(303);

        String id = server.bean(AccountRepository.class).findByEmail("portal", "alice@example.org").orElseThrow().id();
        String token = token();
        var all = get("/admin/realms/portal/audit?account=" + id, token);
        assertThat(all.statusCode()).isEqualTo(200);
        var events = OidcTestClient.json(all.body()).get("events");
        assertThat(events.size()).isGreaterThanOrEqualTo(1);
        var first = events.get(0);
        assertThat(first.get("type").asString()).isEqualTo("password-change");
        assertThat(first.get("outcome").asString()).isEqualTo("failure");
        assertThat(first.get("accountId").asString()).isEqualTo(id);
        assertThat(first.get("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(first.get("correlationId").asString()).isEqualTo("trace-audit-0001");

        var filtered = get("/admin/realms/portal/audit?type=registration", token);
        assertThat(OidcTestClient.json(filtered.body()).get("events").size()).isZero();
        assertThat(get("/admin/realms/portal/audit?from=yesterday", token).statusCode()).isEqualTo(400);
        assertThat(get("/admin/realms/nope/audit", token).statusCode()).isEqualTo(404);
        assertThat(get("/admin/realms/portal/audit", null).statusCode()).isEqualTo(401);

        List<String> rows = server.bean(JdbcClient.class).sql("SELECT * FROM audit_event")
                .query((rs, n) -> {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        row.append(rs.getString(c)).append('|');
                    }
                    return row.toString();
                }).list();
        assertThat(rows).isNotEmpty().noneMatch(r -> r.contains("@")).noneMatch(r -> r.contains(PASSWORD));
    }
}
