package nl.toegang.federation.digid;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
        MockDigidBrowser.login(server, browser, REDIRECT, "999991772");

        clock.advance(Duration.ofMinutes(14));
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("14 minutes idle: SSO still works").startsWith(REDIRECT + "?code=");

        clock.advance(Duration.ofMinutes(14));
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("the previous request reset the idle time").startsWith(REDIRECT + "?code=");

        clock.advance(Duration.ofMinutes(16));
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("16 minutes idle: logged out").endsWith("/realms/portal/login");
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("and stays logged out").endsWith("/realms/portal/login");
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
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).startsWith(REDIRECT + "?code=");
    }



}
