package nl.toegang.browser;

import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stale and broken browser state on the way from a portal to its login and back, in a real Chromium: a tab left
 * open until the session is gone, the back button after logging in, a double submit, cookies cleared mid-flow, the
 * same login in two tabs, and cookies blocked. Each ends on a short explanation (never a 403, 500 or blank page) from
 * which the person finishes the login at the portal's redirect_uri with a code, or starts it again.
 */
class StaleBrowserStateTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    /** The portal's callback, a stub this test holds open for its whole run, so no other server can take the port. */
    static PortalCallbackStub portalStub;
    static String REDIRECT;

    @TempDir
    static Path temp;
    static TestServer server;
    static OidcTestClient portal;
    final List<ChromeDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        portalStub = PortalCallbackStub.start();
        REDIRECT = portalStub.redirectUri();
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                clients:
                  - clientId: portal-app
                    type: public
                    redirectUris: [%s]
                    scopes: [openid, profile, email]
                users:
                  - email: alice@example.org
                    password: %s
                    name: Alice Example
                    emailVerified: true
                """.formatted(REDIRECT, PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        portal = new OidcTestClient(server.issuer("portal"), "portal-app", null, REDIRECT);
    }

    @AfterAll
    static void stop() {
        server.stop();
        portalStub.close();
    }

    @AfterEach
    void quit() {
        drivers.forEach(ChromeDriver::quit);
        drivers.clear();
    }

    ChromeDriver browser() {
        ChromeDriver driver = Chromium.start();
        drivers.add(driver);
        return driver;
    }

    @Test
    void aTabLeftOpenUntilTheSessionIsGoneExplainsAndStillEndsAtThePortal() {
        ChromeDriver browser = browser();
        startAtPortal(browser, "en");
        // The server no longer knows the session (expired overnight, or the node restarted): the cookie is stale.
        browser.manage().deleteCookieNamed("TOEGANG_SESSION");
        browser.manage().addCookie(new Cookie("TOEGANG_SESSION", "expired-session-id", "/"));
        fillAndSubmit(browser);

        assertExplained(browser, "page-expired", "This page was open for a long time");
        fillAndSubmit(browser);
        assertAtPortalWithCode(browser);
    }

    @Test
    void theBackButtonAfterLoggingInAndSubmittingAgainEndsAtThePortal() {
        ChromeDriver browser = browser();
        startAtPortal(browser, "nl");
        fillAndSubmit(browser);
        assertAtPortalWithCode(browser);

        browser.navigate().back();
        assertThat(browser.getCurrentUrl()).contains("/realms/portal/login");
        assertNoErrorPage(browser);
        fillAndSubmit(browser);
        continueIfAsked(browser);
        assertAtPortalWithCode(browser);
    }

    @Test
    void aDoubleSubmitExplainsAndContinuesTheLogin() {
        ChromeDriver browser = browser();
        startAtPortal(browser, "nl");
        browser.findElement(By.id("email")).sendKeys("alice@example.org");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        // The first submit reaches the server and signs in, but its answer is lost to the second click.
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Object status = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.querySelector('form[method=post]');
                fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form)),
                                    redirect: 'manual', credentials: 'same-origin'})
                    .then(r => done(r.type)).catch(e => done('failed: ' + e));
                """);
        assertThat(status).isEqualTo("opaqueredirect");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();

        assertExplained(browser, "already-signed-in", "al ingelogd");
        browser.findElement(By.id("resume-login")).click();
        assertAtPortalWithCode(browser);
    }

    @Test
    void cookiesClearedMidFlowExplainAndTheLoginStillEndsAtThePortal() {
        ChromeDriver browser = browser();
        startAtPortal(browser, "nl");
        browser.manage().deleteAllCookies();
        fillAndSubmit(browser);

        // The language cookie went too: the page follows the browser's language (English here).
        assertExplained(browser, "page-expired", "open for a long time");
        fillAndSubmit(browser);
        assertAtPortalWithCode(browser);
    }

    @Test
    void theSameLoginInTwoTabsLetsTheSecondTabContinue() {
        ChromeDriver browser = browser();
        startAtPortal(browser, "nl");
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        startAtPortal(browser, "nl");
        String second = browser.getWindowHandle();

        browser.switchTo().window(first);
        fillAndSubmit(browser);
        assertAtPortalWithCode(browser);

        browser.switchTo().window(second);
        fillAndSubmit(browser);
        assertExplained(browser, "already-signed-in", "al ingelogd");
        browser.findElement(By.id("resume-login")).click();
        assertAtPortalWithCode(browser);
    }

    @Test
    void cookiesBlockedExplainHowToAllowThemAndTryAgainContinuesTheSameLoginAtThePortal() {
        ChromeDriver blocked = Chromium.start(options -> options.setExperimentalOption("prefs",
                Map.of("profile.default_content_setting_values.cookies", 2)));
        drivers.add(blocked);
        // From the portal straight to the login (no earlier visit: this browser keeps nothing anyway).
        blocked.get(portal.authorizationUrl(portal.authorizationParams(OidcTestClient.Pkce.create(), "state-1",
                "nonce-1")));
        assertThat(blocked.getCurrentUrl()).startsWith(server.issuer("portal") + "/login");
        fillAndSubmit(blocked);

        assertThat(blocked.getCurrentUrl()).contains("/realms/portal/cookies-check");
        assertThat(blocked.findElement(By.tagName("h1")).getText()).containsAnyOf("Cookies are needed to sign in",
                "Cookies zijn nodig om in te loggen");
        assertNoErrorPage(blocked);
        String retry = blocked.findElement(By.id("cookies-retry")).getDomProperty("href");
        assertThat(retry).as("the same authorization request, on this server")
                .startsWith(server.issuer("portal") + "/oauth2/authorize?").contains("client_id=portal-app")
                .contains("state=state-1").contains("code_challenge=");
        // Still blocked: trying again leads round to the login page, never to an error.
        String explained = blocked.getCurrentUrl();
        blocked.findElement(By.id("cookies-retry")).click();
        new WebDriverWait(blocked, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("/login"));
        assertNoErrorPage(blocked);
        assertThat(blocked.findElements(By.id("email"))).isNotEmpty();

        // Cookies allowed (Chromium cannot switch its content setting at run time, so: the same page in a browser
        // that keeps cookies): one click on "try again" and the login ends at the portal with the original state.
        ChromeDriver allowed = browser();
        allowed.get(explained);
        assertThat(allowed.findElement(By.id("cookies-retry")).getDomProperty("href")).isEqualTo(retry);
        allowed.findElement(By.id("cookies-retry")).click();
        new WebDriverWait(allowed, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("/login"));
        fillAndSubmit(allowed);
        assertAtPortalWithCode(allowed);
    }

    static void startAtPortal(ChromeDriver browser, String language) {
        browser.get(server.issuer("portal") + "/login?lang=" + language);
        browser.get(portal.authorizationUrl(portal.authorizationParams(OidcTestClient.Pkce.create(), "state-1",
                "nonce-1")));
        assertThat(browser.getCurrentUrl()).isEqualTo(server.issuer("portal") + "/login");
    }

    static void fillAndSubmit(ChromeDriver browser) {
        var email = browser.findElement(By.id("email"));
        email.clear();
        email.sendKeys("alice@example.org");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        WebElement submit = browser.findElement(By.cssSelector("form[method=post] button[type=submit]"));
        submit.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(Chromium.nextPageLoaded(submit));
    }

    /** After a re-submit the page may say "already signed in" (the browser showed the old form): continue. */
    static void continueIfAsked(ChromeDriver browser) {
        if (!browser.getCurrentUrl().startsWith(REDIRECT)) {
            assertExplained(browser, "already-signed-in", "al ingelogd");
            browser.findElement(By.id("resume-login")).click();
        }
    }

    static void assertExplained(ChromeDriver browser, String id, String text) {
        assertNoErrorPage(browser);
        assertThat(browser.findElement(By.id(id)).getText()).contains(text);
    }

    static void assertNoErrorPage(ChromeDriver browser) {
        // The phishing tip names this host with its port, which may contain "403" or "500" by chance.
        String body = browser.findElement(By.tagName("body")).getText()
                .replace(java.net.URI.create(browser.getCurrentUrl()).getAuthority(), "HOST");
        assertThat(body).isNotBlank().doesNotContain("403").doesNotContain("500").doesNotContain("Whitelabel");
        assertThat(browser.findElements(By.tagName("h1"))).isNotEmpty();
    }

    static void assertAtPortalWithCode(ChromeDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .withMessage(() -> "still at " + browser.getCurrentUrl() + ": "
                        + browser.findElement(By.tagName("body")).getText().replaceAll("\\s+", " "))
                .until(d -> d.getCurrentUrl().startsWith(REDIRECT));
        assertThat(browser.getCurrentUrl()).startsWith(REDIRECT + "?").contains("code=").contains("state=state-1");
    }
}
