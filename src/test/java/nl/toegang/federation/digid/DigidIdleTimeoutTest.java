package nl.toegang.federation.digid;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DigiD requires the local session to end after 15 minutes without activity; email-account sessions keep the
 * server-wide session lifetime. Time is moved with the server's Clock, through the real HTTP interface.
 */
class DigidIdleTimeoutTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: [%s]
                    scopes: [openid, profile, email]
                users:
                  - email: idle@example.org
                    password: %s
                    name: Idle
                    emailVerified: true
                digid:
                  mock: true
                """.formatted(REDIRECT, PASSWORD));
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void whenDigidSessionIsIdleForMoreThan15MinutesThenTheResidentMustLogInAgain() {
        Browser browser = new Browser();
        digidLogin(browser);

        clock.advance(Duration.ofMinutes(14));
        assertThat(authorize(browser)).as("14 minutes idle: SSO still works").startsWith(REDIRECT + "?code=");

        clock.advance(Duration.ofMinutes(14));
        assertThat(authorize(browser)).as("the previous request reset the idle time").startsWith(REDIRECT + "?code=");

        clock.advance(Duration.ofMinutes(16));
        assertThat(authorize(browser)).as("16 minutes idle: logged out").endsWith("/realms/portal/login");
        assertThat(authorize(browser)).as("and stays logged out").endsWith("/realms/portal/login");
    }

    @Test
    void emailAccountSessionsAreNotSubjectToTheDigidIdleTimeout() {
        Browser browser = new Browser();
        String login = server.issuer("portal") + "/login";
        var page = browser.get(login);
        var posted = browser.postForm(login, Map.of("email", "idle@example.org", "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())));
        assertThat(posted.statusCode()).as(posted.body()).isIn(302, 303);

        clock.advance(Duration.ofMinutes(16));
        assertThat(authorize(browser)).startsWith(REDIRECT + "?code=");
    }

    private static String authorize(Browser browser) {
        var client = new OidcTestClient(server.issuer("portal"), "rp", null, REDIRECT);
        var params = client.authorizationParams(OidcTestClient.Pkce.create(), "state-1", "nonce-1");
        HttpResponse<String> response = browser.get(client.authorizationUrl(params));
        assertThat(response.statusCode()).isEqualTo(302);
        return Browser.location(response);
    }

    /** Starts at the RP, logs in with the mock DigiD and ends with the code at the RP. */
    private static void digidLogin(Browser browser) {
        var client = new OidcTestClient(server.issuer("portal"), "rp", null, REDIRECT);
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(OidcTestClient.Pkce.create(),
                "state-1", "nonce-1"));
        var authorize = browser.get(client.authorizationUrl(params));
        assertThat(Browser.location(authorize)).endsWith("/realms/portal/login");
        assertThat(browser.get(Browser.resolve(authorize)).body()).contains("id=\"digid-login\"");
        var start = browser.get(server.issuer("portal") + "/saml/login");
        var mockPage = browser.get(Browser.location(start));
        assertThat(mockPage.statusCode()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", Browser.csrfToken(mockPage.body()));
        form.put("token", hidden(mockPage.body(), "token"));
        form.put("bsn", "999991772");
        form.put("level", "MIDDEN");
        form.put("action", "login");
        var answered = browser.postForm(server.baseUrl() + "/mock-digid/sso", form);
        var acs = browser.get(Browser.location(answered));
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(acs));
        assertThat(Browser.location(back)).startsWith(REDIRECT + "?code=");
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\"\\s+value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no hidden field " + name + " in:\n" + html);
        }
        return m.group(1);
    }
}
