package nl.toegang.admin;

import nl.toegang.account.AccountRepository;
import nl.toegang.mfa.totp.Totp;
import nl.toegang.mfa.totp.TotpEnrollment;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Support's MFA reset removes the factors, and an MFA-required realm then leads the person through enrolment. */
class MfaResetApiTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String ADMIN_SECRET = "admin-secret-for-tests-0123456789abcdef";
    static final String SUPPORT_SECRET = "support-secret-for-tests-0123456789abc";

    @TempDir
    Path temp;

    @Test
    void resetMfaForcesReEnrolmentInAnMfaRequiredRealm() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("strict.yaml"), """
                name: strict
                displayName: Strict
                settings:
                  mfa: required
                users:
                  - email: dora@example.org
                    password: %s
                    name: Dora
                    emailVerified: true
                """.formatted(PASSWORD));
        Files.writeString(realms.resolve("admin.yaml"), """
                name: admin
                displayName: Beheer
                clients:
                  - clientId: ops
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [admin]
                  - clientId: helpdesk
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [support]
                """.formatted(ADMIN_SECRET, SUPPORT_SECRET));
        try (TestServer server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start()) {
            String id = server.bean(AccountRepository.class).findByEmail("strict", "dora@example.org")
                    .orElseThrow().id();
            TotpEnrollment totp = server.bean(TotpEnrollment.class);
            var pending = totp.begin("strict", id, "dora");
            Totp generator = new Totp(TotpParameters.DEFAULT);
            Instant now = Instant.now();
            assertThat(totp.confirm("strict", id, generator.code(pending.secret().bytes(), generator.timeStep(now)),
                    now)).isTrue();
            assertThat(afterPassword(server)).endsWith("/login/second-factor");

            String path = "/admin/realms/strict/users/" + id + "/reset-mfa";
            assertThat(post(server, path, token(server, "helpdesk", SUPPORT_SECRET), "{\"reason\":\"x\"}")
                    .statusCode()).as("support may not reset MFA").isEqualTo(403);
            String admin = token(server, "ops", ADMIN_SECRET);
            assertThat(post(server, path, admin, null).statusCode()).as("reason required").isEqualTo(400);
            assertThat(post(server, path, admin, "{\"reason\":\"lost phone, identity checked at desk\"}")
                    .statusCode()).isEqualTo(200);

            assertThat(afterPassword(server)).as("enrol again").endsWith("/login/enrol");
            var audit = new Browser().send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/admin/realms/strict/audit?type=mfa-reset")).header("Authorization", "Bearer " + admin)
                    .GET().build());
            assertThat(audit.body()).contains("lost phone, identity checked at desk").contains("client:ops");
        }
    }

    private static String afterPassword(TestServer server) {
        Browser browser = new Browser();
        String login = server.issuer("strict") + "/login";
        var page = browser.get(login);
        return Browser.location(browser.postForm(login, Map.of("email", "dora@example.org", "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body()))));
    }

    private static String token(TestServer server, String client, String secret) {
        return OidcTestClient.json(new OidcTestClient(server.issuer("admin"), client, secret, null)
                .tokenRequest(Map.of("grant_type", "client_credentials")).body()).get("access_token").asString();
    }

    private static java.net.http.HttpResponse<String> post(TestServer server, String path, String token, String body) {
        return new Browser().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
