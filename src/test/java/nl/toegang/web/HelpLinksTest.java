package nl.toegang.web;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every login, error and lockout page carries the help links: forgot password, create an account, and the realm's
 * own support contact (from its realm file), in Dutch and English. Walks the pages as a browser reaches them.
 */
class HelpLinksTest {
    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                clients:
                  - clientId: portal-app
                    type: public
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid]
                digid:
                  mock: true
                texts:
                  support:
                    nl: Bel de helpdesk op 088 123 4567.
                    en: Call the helpdesk on +31 88 123 4567.
                """);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static final List<String> PAGES = List.of(
            "/login", "/login?error", "/login?unverified", "/login?wait", "/login?locked", "/login?disabled",
            "/login?expired", "/register", "/register/check-email", "/forgot", "/forgot/sent", "/reset?token=expired",
            "/verify-email?token=expired", "/cookies-required", "/cookies-check?page=/realms/portal/login",
            "/maintenance", "/", "/no-such-page", "/saml/acs",
            "/oauth2/authorize?client_id=unknown-client&response_type=code&redirect_uri=https%3A%2F%2Fevil.example");

    @Test
    void everyLoginErrorAndLockoutPageHasTheHelpLinksInBothLanguages() {
        List<String> missing = new ArrayList<>();
        for (String language : List.of("nl", "en")) {
            String support = language.equals("nl") ? "Bel de helpdesk op 088 123 4567." : "+31 88 123 4567";
            for (String page : PAGES) {
                var response = visit(new Browser(), server.issuer("portal") + page, language);
                String body = response.body();
                String label = language + " " + page + " (" + response.statusCode() + ")";
                if (response.statusCode() >= 500 || response.statusCode() == 403) {
                    missing.add(label + ": error status");
                }
                if (!body.contains("href=\"/realms/portal/forgot\"")) {
                    missing.add(label + ": forgot password");
                }
                if (!body.contains("href=\"/realms/portal/register\"")) {
                    missing.add(label + ": create account");
                }
                if (!body.contains(support)) {
                    missing.add(label + ": support contact");
                }
                if (body.toLowerCase(java.util.Locale.ROOT).contains(";jsessionid")) {
                    missing.add(label + ": session id in a link");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** Follows redirects as a browser would (a page may send the person on to the one that explains). */
    static HttpResponse<String> visit(Browser browser, String url, String language) {
        Map<String, String> headers = Map.of("Accept", "text/html", "Accept-Language", language);
        var response = browser.get(url, headers);
        for (int hops = 0; hops < 5 && response.statusCode() / 100 == 3; hops++) {
            response = browser.get(Browser.resolve(response), headers);
        }
        return response;
    }

    @Test
    void anUnknownRealmHasNoRealmToLinkToButStillAnsweredWithAPage() {
        var response = new Browser().get(server.baseUrl() + "/realms/nope/login", Map.of("Accept", "text/html"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("<h1").doesNotContain("href=\"/realms/nope/forgot\"");
    }
}
