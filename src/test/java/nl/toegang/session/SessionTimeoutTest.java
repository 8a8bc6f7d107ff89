package nl.toegang.session;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.session.memory.InMemoryIndexedSessionRepository;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.HttpCookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle and absolute timeouts of a realm's SSO session (realm file), on the next request and for sessions nobody
 * returns to, each reported once as {@link SsoSessionEnded} with the {@code sid} of the session's ID tokens; and
 * {@code prompt=none} answering {@code login_required} without a page when there is no session.
 */
class SessionTimeoutTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = RealmYaml.verifiedUsers(PASSWORD, List.of("idle", "absolute", "abandoned", "none"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                settings:
                  sessionIdleTimeout: 30m
                  sessionAbsoluteTimeout: 1h
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid, profile, email]
                users:
                """ + users);
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static OidcTestClient rp() {
        return new OidcTestClient(server.issuer("portal"), "rp", null, "https://rp.example.test/cb");
    }

    /** Signs in through the RP and returns the ID token's claims. */
    private static JWTClaimsSet signIn(Browser browser, String user) {
        OidcTestClient client = rp();
        var pkce = OidcTestClient.Pkce.create();
        var answer = client.loginAndAuthorize(browser, client.authorizationParams(pkce, "state-1", "nonce-1"),
                user + "@example.org", PASSWORD);
        var tokens = OidcTestClient.json(client.redeemCode(answer.get("code"), pkce.verifier()).body());
        return client.verify(tokens.get("id_token").asText());
    }

    private static String sessionCookie(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(RealmSessionCookies.COOKIE)).map(HttpCookie::getValue)
                .findFirst().orElseThrow();
    }

    private static int accountPage(Browser browser) {
        return browser.get(server.issuer("portal") + "/account").statusCode();
    }

    private static List<SsoSessionEnded> endsOf(List<SsoSessionEnded> events, String subject) {
        return events.stream().filter(e -> e.subject().equals(subject)).toList();
    }

    @Test
    void idleTimeoutEndsTheSessionAtItsNextUseAndReportsTheSidOfItsIdTokens() throws Exception {
        var events = server.recordEvents(SsoSessionEnded.class);
        Browser browser = new Browser();
        JWTClaimsSet id = signIn(browser, "idle");
        assertThat(id.getStringClaim("sid")).as("SAS's sid is the hash of this browser's realm session")
                .isEqualTo(SessionIds.sid(sessionCookie(browser)));

        clock.advance(Duration.ofMinutes(29));
        assertThat(accountPage(browser)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(29));
        assertThat(accountPage(browser)).as("58 minutes in, but active 29 minutes ago").isEqualTo(200);
        assertThat(endsOf(events, id.getSubject())).isEmpty();

        clock.advance(Duration.ofMinutes(31));
        assertThat(accountPage(browser)).as("31 minutes idle: signed out").isEqualTo(302);
        assertThat(endsOf(events, id.getSubject())).containsExactly(new SsoSessionEnded("portal", id.getSubject(),
                id.getStringClaim("sid"), SsoSessionEnded.Reason.TIMEOUT));

        var again = rp().authorizationUrl(rp().authorizationParams(OidcTestClient.Pkce.create(), "s", "n"));
        assertThat(Browser.location(browser.get(again))).as("a new login is needed").endsWith("/realms/portal/login");
        assertThat(endsOf(events, id.getSubject())).as("reported once").hasSize(1);
    }

    @Test
    void absoluteTimeoutEndsEvenAnActiveSession() throws Exception {
        var events = server.recordEvents(SsoSessionEnded.class);
        Browser browser = new Browser();
        JWTClaimsSet id = signIn(browser, "absolute");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(accountPage(browser)).as("active, %d minutes after sign-in", (i + 1) * 20).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(accountPage(browser)).as("61 minutes after sign-in, absolute timeout 1h").isEqualTo(302);
        assertThat(endsOf(events, id.getSubject())).extracting(SsoSessionEnded::reason)
                .containsExactly(SsoSessionEnded.Reason.TIMEOUT);
    }

    @Test
    void aSessionNobodyReturnsToIsEndedByTheStoreAndReportedOnce() throws Exception {
        var events = server.recordEvents(SsoSessionEnded.class);
        Browser browser = new Browser();
        JWTClaimsSet id = signIn(browser, "abandoned");
        var store = server.bean(InMemoryIndexedSessionRepository.class);
        String sessionId = sessionCookie(browser);

        clock.advance(Duration.ofMinutes(29));
        store.removeExpired();
        assertThat(store.findById(sessionId)).as("not yet expired").isNotNull();
        assertThat(endsOf(events, id.getSubject())).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        store.removeExpired();   // what the scheduled sweep does every toegang.session-sweep-interval
        assertThat(store.findById(sessionId)).isNull();
        assertThat(endsOf(events, id.getSubject())).containsExactly(new SsoSessionEnded("portal", id.getSubject(),
                id.getStringClaim("sid"), SsoSessionEnded.Reason.TIMEOUT));

        assertThat(accountPage(browser)).as("the browser comes back: signed out").isEqualTo(302);
        store.removeExpired();
        assertThat(endsOf(events, id.getSubject())).as("still reported once").hasSize(1);
    }

    @Test
    void promptNoneAnswersLoginRequiredWithoutAPageWhenThereIsNoSession() {
        OidcTestClient client = rp();
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(OidcTestClient.Pkce.create(),
                "state-n", "nonce-n"));
        params.put("prompt", "none");
        Browser fresh = new Browser();
        var answer = fresh.get(client.authorizationUrl(params));
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(Browser.location(answer)).startsWith("https://rp.example.test/cb");
        assertThat(Browser.queryParams(Browser.location(answer))).containsEntry("error", "login_required")
                .containsEntry("state", "state-n");

        Browser signedIn = new Browser();
        signIn(signedIn, "none");
        var silent = signedIn.get(client.authorizationUrl(params));
        assertThat(Browser.queryParams(Browser.location(silent))).as("with a session: a code, no page")
                .containsKey("code").doesNotContainKey("error");

        clock.advance(Duration.ofMinutes(31));
        var expired = signedIn.get(client.authorizationUrl(params));
        assertThat(Browser.queryParams(Browser.location(expired))).as("after the idle timeout: no page either")
                .containsEntry("error", "login_required");
    }
}
