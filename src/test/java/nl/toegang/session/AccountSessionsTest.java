package nl.toegang.session;

import nl.toegang.testsupport.Browser;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** "Where you are signed in" on the account page: the list, ending one, all others, or everywhere. */
class AccountSessionsTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "account-sessions-secret-0123456789abcdef";
    static final String FIREFOX_WINDOWS =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
    static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        String users = RealmYaml.verifiedUsers(PASSWORD,
                List.of("list", "one", "others", "everywhere", "mallory", "victim", "csrf", "details", "unconfirmed"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: rp
                    type: confidential
                    secret: %s
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid, profile, email]
                users:
                """.formatted(SECRET) + users);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String account() {
        return server.issuer("portal") + "/account";
    }

    private static Browser signedIn(String user, String userAgent) {
        Browser browser = new Browser(Map.of("User-Agent", userAgent));
        String login = server.issuer("portal") + "/login";
        var page = browser.get(login);
        var posted = browser.postForm(login, Map.of("email", user + "@example.org", "password", PASSWORD,
                "_csrf", Browser.csrfToken(page.body())));
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(browser.get(account()).statusCode()).isEqualTo(200);
        return browser;
    }

    private static String sid(Browser browser) {
        return SessionIds.sid(browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(RealmSessionCookies.COOKIE)).map(HttpCookie::getValue)
                .findFirst().orElseThrow());
    }

    private static boolean signedIn(Browser browser) {
        return browser.get(account()).statusCode() == 200;
    }

    private static String post(Browser browser, String path, Map<String, String> form) {
        var page = browser.get(account());
        var body = new java.util.HashMap<>(form);
        body.put("_csrf", Browser.csrfToken(page.body()));
        var answer = browser.postForm(account() + path, body);
        assertThat(answer.statusCode()).isEqualTo(303);
        return Browser.location(answer);
    }

    @Test
    void theListNamesEachDeviceInWordsAndMarksThisOneInEnglishAndDutch() {
        Browser laptop = signedIn("list", FIREFOX_WINDOWS);
        signedIn("list", SAFARI_IPHONE);

        String english = laptop.get(account() + "?lang=en").body();
        assertThat(english).contains("Where you are signed in").contains("Firefox on Windows")
                .contains("Safari on iPhone").contains("(this device)").contains("active just now")
                .doesNotContain("Mozilla/5.0");
        assertThat(english.split("class=\"session-item\"")).as("two sessions").hasSize(3);
        String dutch = laptop.get(account() + "?lang=nl").body();
        assertThat(dutch).contains("Waar u bent ingelogd").contains("Firefox op Windows").contains("(dit apparaat)");
        assertThat(english).as("session ids never appear, only their sid")
                .doesNotContain(laptop.cookies().getCookieStore().getCookies().stream()
                        .filter(c -> c.getName().equals(RealmSessionCookies.COOKIE)).findFirst().orElseThrow()
                        .getValue());
    }

    @Test
    void endingOneSessionSignsOnlyThatBrowserOut() {
        var events = server.recordEvents(SsoSessionEnded.class);
        Browser laptop = signedIn("one", FIREFOX_WINDOWS);
        Browser phone = signedIn("one", SAFARI_IPHONE);
        Browser tablet = signedIn("one", SAFARI_IPHONE);
        String phoneSid = sid(phone);

        post(laptop, "/sessions/end", Map.of("sid", phoneSid));
        assertThat(laptop.get(account() + "?lang=en").body()).contains("That device is signed out.");
        assertThat(signedIn(phone)).isFalse();
        assertThat(signedIn(laptop)).isTrue();
        assertThat(signedIn(tablet)).isTrue();
        assertThat(events).extracting(SsoSessionEnded::sid, SsoSessionEnded::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(phoneSid, SsoSessionEnded.Reason.SIGN_OUT_EVERYWHERE));
    }

    @Test
    void someoneElsesSidEndsNothing() {
        Browser victim = signedIn("victim", FIREFOX_WINDOWS);
        Browser mallory = signedIn("mallory", FIREFOX_WINDOWS);
        post(mallory, "/sessions/end", Map.of("sid", sid(victim)));
        assertThat(mallory.get(account() + "?lang=en").body()).contains("That device was already signed out.");
        assertThat(signedIn(victim)).isTrue();
        post(mallory, "/sessions/end", Map.of("sid", "not-a-sid"));
        assertThat(signedIn(mallory)).isTrue();
    }

    @Test
    void withoutTheCsrfTokenNothingEnds() {
        Browser laptop = signedIn("csrf", FIREFOX_WINDOWS);
        Browser phone = signedIn("csrf", SAFARI_IPHONE);
        // Refused forms are explained on a page (StaleFormHandler); what matters is that nothing ended.
        var forged = laptop.postForm(account() + "/sessions/end-others", Map.of());
        assertThat(Browser.location(forged)).doesNotEndWith("/account#sessions");
        laptop.postForm(account() + "/sessions/end-all", Map.of("_csrf", "forged"));
        assertThat(signedIn(phone)).isTrue();
        assertThat(signedIn(laptop)).isTrue();
    }

    @Test
    void endingAllOthersKeepsThisBrowser() {
        Browser laptop = signedIn("others", FIREFOX_WINDOWS);
        Browser phone = signedIn("others", SAFARI_IPHONE);
        Browser tablet = signedIn("others", SAFARI_IPHONE);
        assertThat(post(laptop, "/sessions/end-others", Map.of())).as("the answer is at the top of the page")
                .endsWith("/account#notice");
        assertThat(laptop.get(account() + "?lang=en").body()).contains("All other devices are signed out.")
                .contains("(this device)");
        assertThat(signedIn(phone)).isFalse();
        assertThat(signedIn(tablet)).isFalse();
        assertThat(signedIn(laptop)).isTrue();
    }

    @Test
    void signingOutEverywhereEndsEverySessionAndRevokesRefreshTokens() {
        var events = server.recordEvents(SsoSessionEnded.class);
        Browser laptop = new Browser(Map.of("User-Agent", FIREFOX_WINDOWS));
        OidcTestClient rp = new OidcTestClient(server.issuer("portal"), "rp", SECRET, "https://rp.example.test/cb");
        var pkce = OidcTestClient.Pkce.create();
        var code = rp.loginAndAuthorize(laptop, rp.authorizationParams(pkce, "s", "n"), "everywhere@example.org",
                PASSWORD).get("code");
        String refresh = OidcTestClient.json(rp.redeemCode(code, pkce.verifier()).body()).get("refresh_token")
                .asString();
        Browser phone = signedIn("everywhere", SAFARI_IPHONE);

        String next = post(laptop, "/sessions/end-all", Map.of("confirmed", "yes"));
        assertThat(next).endsWith("/realms/portal/login?signedOut");
        assertThat(laptop.get(server.baseUrl() + next + "&lang=en").body()).contains("You are signed out on all your devices.");
        assertThat(signedIn(laptop)).isFalse();
        assertThat(signedIn(phone)).isFalse();
        assertThat(rp.refresh(refresh).statusCode()).as("refresh token revoked").isEqualTo(400);
        assertThat(events).hasSize(2).extracting(SsoSessionEnded::reason)
                .containsOnly(SsoSessionEnded.Reason.SIGN_OUT_EVERYWHERE);
    }

    @Test
    void eachSessionShowsWhenAndHowItSignedInAndFromWhichNetworkNeverTheAddress() {
        Browser laptop = signedIn("details", FIREFOX_WINDOWS);
        signedIn("details", FIREFOX_WINDOWS); // the same browser and system: the details tell them apart

        String english = laptop.get(account() + "?lang=en").body();
        assertThat(english.split("class=\"session-signed-in\">Signed in ")).as("a sign-in line per session")
                .hasSize(3);
        assertThat(english).contains("with a password").contains("From network 127.0.x.x")
                .doesNotContain("127.0.0.1");
        // Amsterdam time in the page's language, e.g. "Signed in 12 Jan 2026, 14:05 with a password".
        int year = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Amsterdam")).getYear();
        assertThat(english).containsPattern("Signed in [^<]*" + year + "[^<]*\\d{1,2}:\\d{2}[^<]* with a password");
        String dutch = laptop.get(account() + "?lang=nl").body();
        assertThat(dutch).contains("Ingelogd op").contains("met een wachtwoord").contains("Vanaf netwerk 127.0.x.x");
    }

    @Test
    void signingOutEverywhereIsAskedFirstAndAnUnconfirmedPostEndsNothing() {
        Browser laptop = signedIn("unconfirmed", FIREFOX_WINDOWS);
        Browser phone = signedIn("unconfirmed", SAFARI_IPHONE);

        assertThat(laptop.get(account() + "?lang=en").body()).as("a link to the question, not the POST itself")
                .contains("href=\"/realms/portal/account/sessions/end-all\"");
        String next = post(laptop, "/sessions/end-all", Map.of());
        assertThat(next).endsWith("/realms/portal/account/sessions/end-all");
        assertThat(post(laptop, "/sessions/end-all", Map.of("confirmed", "no"))).isEqualTo(next);
        assertThat(signedIn(laptop)).isTrue();
        assertThat(signedIn(phone)).isTrue();

        var question = laptop.get(server.baseUrl() + next + "?lang=en");
        assertThat(question.body()).contains("Do you want to sign out everywhere?")
                .contains("Yes, sign out everywhere").contains("name=\"confirmed\" value=\"yes\"")
                .contains("href=\"/realms/portal/account#sessions\"");
        assertThat(laptop.get(server.baseUrl() + next + "?lang=nl").body()).contains("Ja, overal uitloggen");
        // Without the page's token even the confirmed answer is refused.
        laptop.postForm(account() + "/sessions/end-all", Map.of("confirmed", "yes", "_csrf", "forged"));
        assertThat(signedIn(phone)).isTrue();
        var yes = laptop.postForm(account() + "/sessions/end-all", Map.of("confirmed", "yes",
                "_csrf", Browser.csrfToken(question.body())));
        assertThat(Browser.location(yes)).endsWith("/login?signedOut");
        assertThat(signedIn(phone)).isFalse();
    }
}
