package nl.toegang.observability;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator sees: probes, metrics, correlation ids, JSON logs, and refusal of unsafe production settings. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest {
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    Path temp;

    private Path realms() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(dir.resolve("portal.yaml"), """
                name: portal
                displayName: Portal
                clients:
                  - clientId: api
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    scopes: [api]
                """.formatted(SECRET));
        return dir;
    }

    /** The same realm with one seeded account (development only: production refuses seeded users). */
    private Path realmsWithAnAccount() throws Exception {
        Path dir = realms();
        Files.writeString(dir.resolve("portal.yaml"), """
                users:
                  - email: metrics@example.org
                    password: %s
                    name: Metrics
                    emailVerified: true
                """.formatted(PASSWORD), java.nio.file.StandardOpenOption.APPEND);
        return dir;
    }

    @Test
    void probesMetricsAndCorrelationIds(CapturedOutput output) throws Exception {
        try (TestServer server = TestServer.embedded(temp.resolve("data"), realmsWithAnAccount(), Map.of(
                "logging.structured.format.console", "ecs")).start()) {
            var readiness = new Browser().get(server.baseUrl() + "/actuator/health/readiness", Map.of());
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"");
            assertThat(new Browser().get(server.baseUrl() + "/actuator/health/liveness", Map.of()).statusCode())
                    .isEqualTo(200);

            var client = new OidcTestClient(server.issuer("portal"), "api", SECRET, null);
            assertThat(client.clientCredentials("api").statusCode()).isEqualTo(200);
            assertThat(new OidcTestClient(server.issuer("portal"), "api", "wrong-secret-wrong-secret-wrong", null)
                    .clientCredentials("api").statusCode()).isEqualTo(401);

            var traced = new Browser().get(server.issuer("portal") + "/login",
                    Map.of("X-Request-Id", "support-ticket-12345"));
            assertThat(traced.headers().firstValue("X-Request-Id")).contains("support-ticket-12345");
            var generated = new Browser().get(server.issuer("portal") + "/login",
                    Map.of("X-Request-Id", "<script>"));
            assertThat(generated.headers().firstValue("X-Request-Id").orElseThrow()).doesNotContain("<");

            assertThat(Browser.location(passwordLogin(server, "wrong-password-for-metrics"))).contains("/login?");
            assertThat(Browser.location(passwordLogin(server, PASSWORD))).doesNotContain("/login");

            String metrics = new Browser().get(server.baseUrl() + "/actuator/prometheus", Map.of()).body();
            // every counter exists from the start; these two counted exactly the one request each above
            assertThat(metrics).containsPattern(
                            "toegang_tokens_total\\{[^}]*grant_type=\"client_credentials\",outcome=\"issued\"[^}]*} 1\\.0")
                    .containsPattern(
                            "toegang_tokens_total\\{[^}]*grant_type=\"client_credentials\",outcome=\"refused\"[^}]*} 1\\.0")
                    .containsPattern("toegang_tokens_total\\{[^}]*grant_type=\"refresh_token\",outcome=\"issued\"[^}]*} 0\\.0")
                    .contains("http_server_requests_seconds_bucket");
            // logins by method and outcome, from the audit trail: one refused and one accepted password above
            assertThat(metrics)
                    .containsPattern("toegang_logins_total\\{method=\"password\",outcome=\"failure\",realm=\"portal\"} 1\\.0")
                    .containsPattern("toegang_logins_total\\{method=\"password\",outcome=\"success\",realm=\"portal\"} 1\\.0");
            assertThat(metrics).doesNotContain(SECRET).doesNotContain("@example");

            assertThat(output.getOut()).as("structured JSON log lines").contains("{\"@timestamp\":").contains("\"log\":{\"level\":");
        } finally {
            // Spring Boot hands the format to Logback as a JVM-wide system property; later servers in this JVM
            // must log plain text again.
            System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
        }
    }

    @Test
    void unknownAddressesAndAccountsCountAlike() throws Exception {
        // 2 free failures, then a delay: the third failure is allowed, the attempt right after it is throttled.
        Path realms = realmsWithAnAccount();
        Files.writeString(realms.resolve("portal.yaml"), Files.readString(realms.resolve("portal.yaml"))
                .replace("displayName: Portal\n", """
                        displayName: Portal
                        settings:
                          lockout:
                            freeFailures: 2
                            ipFailuresPerWindow: 1000
                            ipAccountsPerWindow: 1000
                        """));
        int n = 3;
        try (TestServer server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start()) {
            for (String email : new String[]{"metrics@example.org", "nobody@example.org"}) {
                for (int i = 0; i < n; i++) {
                    assertThat(Browser.location(passwordLogin(server, email, "wrong-password-for-metrics")))
                            .endsWith("/login?error");
                }
                assertThat(Browser.location(passwordLogin(server, email, "wrong-password-for-metrics")))
                        .as("inside the delay after the third failure").endsWith("/login?wait");
            }

            String metrics = new Browser().get(server.baseUrl() + "/actuator/prometheus", Map.of()).body();
            assertThat(metrics).as("N failures of an account and N of an unknown address count 2N")
                    .containsPattern("toegang_logins_total\\{method=\"password\",outcome=\"failure\",realm=\"portal\"} "
                            + (2 * n) + "\\.0")
                    .as("refused by the throttle before verifying: counted, as its own outcome")
                    .containsPattern("toegang_logins_total\\{method=\"password\",outcome=\"throttled\",realm=\"portal\"} 2\\.0")
                    .doesNotContain("@example");
        }
    }

    /** The login form posted with its CSRF token, in a fresh browser. */
    private static java.net.http.HttpResponse<String> passwordLogin(TestServer server, String password) {
        return passwordLogin(server, "metrics@example.org", password);
    }

    private static java.net.http.HttpResponse<String> passwordLogin(TestServer server, String email,
                                                                    String password) {
        Browser browser = new Browser();
        String login = server.issuer("portal") + "/login";
        var page = browser.get(login);
        return browser.postForm(login, Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(page.body())));
    }

    @Test
    void productionRefusesAnHttpPublicUrl() throws Exception {
        var server = TestServer.embedded(temp.resolve("data"), realms(), Map.of(
                "toegang.production", "true",
                "toegang.master-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "toegang.public-url", "http://login.example.nl",
                "toegang.mail.transport", "smtp",
                "spring.mail.host", "127.0.0.1"));
        assertThatThrownBy(server::start).hasStackTraceContaining("toegang.public-url must use https in production");
    }

    @Test
    void productionRefusesAMissingMasterKey() throws Exception {
        var server = TestServer.embedded(temp.resolve("data"), realms(), Map.of(
                "toegang.production", "true",
                "toegang.public-url", "https://login.example.nl",
                "toegang.mail.transport", "smtp",
                "spring.mail.host", "127.0.0.1"));
        assertThatThrownBy(server::start).hasStackTraceContaining("toegang.master-key");
    }
}
