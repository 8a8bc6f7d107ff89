package nl.toegang.login.password;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The login page as a person and a browser see it: headers, cookies, errors, language. */
class LoginPageTest {
    @TempDir
    static Path temp;
    static TestServer server;
    static String loginUrl;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: [https://rp.example.test/cb]
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: Correct-Horse-Battery-42
                    name: Alice
                    emailVerified: true
                  - email: bob@example.org
                    password: Correct-Horse-Battery-42
                    name: Bob
                    emailVerified: false
                """);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        loginUrl = server.issuer("portal") + "/login";
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> post(Browser browser, String email, String password) {
        var page = browser.get(loginUrl);
        return browser.postForm(loginUrl, Map.of("email", email, "password", password,
                "_csrf", Browser.csrfToken(page.body())));
    }

    @Test
    void everyPageCarriesTheSecurityHeaders() {
        var page = new Browser().get(loginUrl);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'").contains("default-src 'self'");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");

        var discovery = new Browser().get(server.issuer("portal") + "/.well-known/openid-configuration", Map.of());
        assertThat(discovery.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(discovery.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'");
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteLax() {
        var page = new Browser().get(loginUrl);
        String setCookie = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("TOEGANG_SESSION=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void cookiesAreSecureWhenServedOverHttps() {
        var page = new Browser().get(loginUrl, Map.of("X-Forwarded-Proto", "https"));
        String setCookie = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("TOEGANG_SESSION=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("Secure");
        var plain = new Browser().get(loginUrl);
        assertThat(plain.headers().allValues("Set-Cookie")).noneMatch(c -> c.contains("Secure"));
    }

    @Test
    void successfulLoginRenewsTheSessionIdAndAnswers303() {
        Browser browser = new Browser();
        browser.get(loginUrl);
        String before = sessionId(browser);
        var response = post(browser, "alice@example.org", "Correct-Horse-Battery-42");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(sessionId(browser)).isNotEqualTo(before);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        Browser a = new Browser();
        var wrongPassword = post(a, "alice@example.org", "not-the-password-at-all");
        Browser b = new Browser();
        var unknown = post(b, "nobody@example.org", "not-the-password-at-all");
        assertThat(wrongPassword.statusCode()).isEqualTo(303).isEqualTo(unknown.statusCode());
        assertThat(Browser.location(wrongPassword)).isEqualTo(Browser.location(unknown));

        var pageA = a.get(Browser.resolve(wrongPassword));
        var pageB = b.get(Browser.resolve(unknown));
        assertThat(pageA.body()).contains("role=\"alert\"");
        assertThat(normalize(pageA.body(), "alice@example.org"))
                .isEqualTo(normalize(pageB.body(), "nobody@example.org"));
    }

    @Test
    void errorIsTiedToTheFieldsForScreenReaders() {
        Browser browser = new Browser();
        var page = browser.get(Browser.resolve(post(browser, "alice@example.org", "wrong-password-here")));
        assertThat(page.body()).contains("aria-invalid=\"true\"").contains("aria-describedby=\"login-error\"")
                .contains("id=\"login-error\"");
    }

    @Test
    void theTypedAddressStaysOnTheRefusalPageAfterAReloadAndALanguageSwitchButNotOnAFreshForm() {
        Browser browser = new Browser();
        String refusal = Browser.resolve(post(browser, "alice@example.org", "wrong-password-here"));
        String field = "value=\"alice@example.org\"";
        assertThat(browser.get(refusal).body()).contains(field);
        assertThat(browser.get(refusal).body()).as("reload").contains(field);
        var dutch = browser.get(refusal + "&lang=nl");
        assertThat(dutch.body()).as("language switch").contains(field).contains("lang=\"nl\"");
        assertThat(browser.get(loginUrl).body()).as("a plain login page starts empty").doesNotContain(field);
        assertThat(new Browser().get(refusal).body()).as("another browser").doesNotContain(field);

        var signedIn = post(browser, "alice@example.org", "Correct-Horse-Battery-42");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(browser.get(refusal).body()).as("forgotten once signed in").doesNotContain(field);
    }

    @Test
    void unverifiedAddressCannotSignIn() {
        Browser browser = new Browser();
        var response = post(browser, "bob@example.org", "Correct-Horse-Battery-42");
        assertThat(Browser.location(response)).endsWith("?unverified");
        var authorize = browser.get(server.issuer("portal") + "/oauth2/authorize?" + Browser.formBody(
                new OidcTestClient(server.issuer("portal"), "rp", null, "https://rp.example.test/cb")
                        .authorizationParams(OidcTestClient.Pkce.create(), "s", "n")));
        assertThat(Browser.location(authorize)).endsWith("/login");
    }

    @Test
    void staleOrMissingCsrfTokenSendsThePersonBackWithAnExplanationAndDoesNotSignIn() {
        Browser browser = new Browser();
        browser.get(loginUrl);
        var response = browser.postForm(loginUrl, Map.of("email", "alice@example.org",
                "password", "Correct-Horse-Battery-42", "_csrf", "stale-token-from-yesterday"));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(Browser.location(response)).endsWith("/realms/portal/login?expired");
        var page = browser.get(Browser.resolve(response));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"page-expired\"").doesNotContain("Exception");
        assertThat(browser.get(server.issuer("portal") + "/account").statusCode()).as("not signed in").isEqualTo(302);
    }

    @Test
    void aBrowserWithoutCookiesIsToldHowToAllowThem() {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(loginUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "email=alice%40example.org&password=x&_csrf=anything")).build();
        Browser keeping = new Browser();
        var response = keeping.send(request); // a fresh browser: no cookies at all
        assertThat(response.statusCode()).isEqualTo(303);
        // One POST cannot tell blocked cookies from cleared ones: a test cookie and a second request can.
        assertThat(Browser.location(response)).contains("/realms/portal/cookies-check?");
        var blocked = new Browser().get(Browser.resolve(response), Map.of("Accept-Language", "en"));
        assertThat(blocked.statusCode()).isEqualTo(200);
        assertThat(blocked.body()).contains("Cookies are needed to sign in").contains("id=\"cookies-retry\"");

        var cleared = keeping.get(Browser.resolve(response), Map.of("Accept-Language", "en"));
        assertThat(cleared.statusCode()).as("cookies work: the form had only gone stale").isEqualTo(302);
        assertThat(Browser.location(cleared)).endsWith("/realms/portal/login?expired");
    }

    @Test
    void aBrowserThatKeepsNoCookiesCarriesItsAuthorizationRequestToTheCookiesPage() {
        var client = new OidcTestClient(server.issuer("portal"), "rp", null, "https://rp.example.test/cb");
        String authorize = client.authorizationUrl(client.authorizationParams(OidcTestClient.Pkce.create(),
                "state-blocked", "n"));
        // Cookies blocked: every request comes from a browser without cookies (a new Browser each time).
        var first = new Browser().get(authorize);
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(Browser.location(first)).contains("/realms/portal/login?resume=");
        String resume = Browser.queryParams(Browser.location(first)).get("resume");
        assertThat(resume).startsWith("/realms/portal/oauth2/authorize?").contains("state=state-blocked")
                .contains("client_id=rp");
        var login = new Browser().get(Browser.resolve(first));
        assertThat(login.body()).contains("name=\"resume\"");
        var posted = new Browser().postForm(loginUrl, Map.of("email", "alice@example.org",
                "password", "Correct-Horse-Battery-42", "_csrf", Browser.csrfToken(login.body()), "resume", resume));
        assertThat(Browser.location(posted)).contains("/realms/portal/cookies-check?");
        var page = new Browser().get(Browser.resolve(posted), Map.of("Accept-Language", "en"));
        assertThat(page.body()).contains("Cookies are needed to sign in")
                .contains("id=\"cookies-retry\" href=\"" + resume.replace("&", "&amp;") + "\"");

        // A browser that keeps cookies has its request saved in the session: the login URL stays plain.
        Browser keeping = new Browser();
        keeping.get(loginUrl);
        assertThat(Browser.location(keeping.get(authorize))).endsWith("/realms/portal/login");
    }

    @Test
    void theCookiesPageOffersOnlyThisRealmsOwnAuthorizationRequestAgain() {
        for (String tampered : new String[]{"https://evil.example/realms/portal/oauth2/authorize?client_id=rp",
                "//evil.example/realms/portal/oauth2/authorize?client_id=rp",
                "/realms/other/oauth2/authorize?client_id=rp", "/realms/portal/logout?x=1",
                "/realms/portal/oauth2/authorize"}) {
            var page = new Browser().get(server.issuer("portal") + "/cookies-required?resume="
                    + Browser.enc(tampered), Map.of("Accept-Language", "en"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).as(tampered).contains("id=\"cookies-retry\" href=\"/realms/portal/login\"")
                    .doesNotContain("evil.example");
            var login = new Browser().get(server.issuer("portal") + "/login?resume=" + Browser.enc(tampered));
            assertThat(login.body()).as(tampered).doesNotContain("name=\"resume\"");
        }
    }

    @Test
    void overlongPasswordIsRefusedLikeAWrongOne() {
        var response = post(new Browser(), "alice@example.org", "x".repeat(5000));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(Browser.location(response)).endsWith("?error");
    }

    @Test
    void pageSpeaksDutchAndEnglish() {
        var dutch = new Browser().get(loginUrl, Map.of("Accept-Language", "nl-NL,nl;q=0.9"));
        assertThat(dutch.body()).contains("lang=\"nl\"").contains("Wachtwoord");
        var english = new Browser().get(loginUrl, Map.of("Accept-Language", "en-GB,en;q=0.9"));
        assertThat(english.body()).contains("lang=\"en\"").contains("Password");
        Browser switcher = new Browser();
        var switched = switcher.get(loginUrl + "?lang=en", Map.of("Accept-Language", "nl"));
        assertThat(switched.body()).contains("Password");
        assertThat(switcher.get(loginUrl, Map.of("Accept-Language", "nl")).body())
                .as("the choice is remembered").contains("Password");
    }

    private static String sessionId(Browser browser) {
        return browser.cookies().getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("TOEGANG_SESSION")).map(HttpCookie::getValue)
                .findFirst().orElse("");
    }

    private static String normalize(String html, String email) {
        return html.replace(email, "EMAIL").replaceAll("name=\"_csrf\"\\s+(?:value|content)=\"[^\"]+\"", "CSRF");
    }
}
