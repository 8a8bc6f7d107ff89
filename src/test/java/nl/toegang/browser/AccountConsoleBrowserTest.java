package nl.toegang.browser;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.mail.dev.DevMailbox;
import nl.toegang.mfa.totp.Base32;
import nl.toegang.mfa.totp.Totp;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account console in a real browser (headless Chromium), as a person uses it: sign in on the real login page,
 * then change each personal detail, the email address (with the code from the mail) and the password; set up and
 * remove an authenticator app and a passkey; make new recovery codes; sign out another browser from the session
 * list; revoke an app's access. Every console page visited passes axe-core (no serious or critical violation).
 *
 * <p>The tests navigate by clicking and only look at where they end up: how the console signs in (its own OIDC round
 * trip) and when a sensitive change asks to sign in again are the console's business, so {@link #signInIfAsked}
 * answers the login page (and a second-factor page) whenever it appears.
 */
class AccountConsoleBrowserTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final String SECRET = "console-browser-secret-0123456789abcdef";
    static final List<String> USERS = List.of("details", "email", "password", "totp", "passkey", "recovery",
            "sessions", "apps", "devices");
    /** The portal's callback: a stub that only shows the code arrived, held open for the whole run. */
    static PortalCallbackStub portalStub;
    static String redirect;

    @TempDir
    static Path temp;
    static TestServer server;
    static Axe axe;

    final List<ChromeDriver> drivers = new ArrayList<>();
    final List<String> accessibility = new ArrayList<>();
    /** Second factors this test's account has, to answer a second-factor page if one comes. */
    final List<String> recoveryCodes = new ArrayList<>();
    byte[] totpSecret;

    @BeforeAll
    static void start() throws Exception {
        portalStub = PortalCallbackStub.start();
        redirect = portalStub.redirectUri();
        StringBuilder users = new StringBuilder();
        for (String user : USERS) {
            users.append("  - email: ").append(email(user)).append("\n    password: ").append(PASSWORD)
                    .append("\n    name: ").append(user).append(" person\n    emailVerified: true\n")
                    .append("    locale: en\n");
        }
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                settings:
                  defaultLocale: en
                  mfa: optional
                clients:
                  - clientId: parking
                    name: Parking permits
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    grantTypes: [authorization_code, refresh_token]
                    scopes: [openid, profile, email]
                users:
                """.formatted(SECRET, redirect) + users);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of("toegang.mail.dispatch-interval", "100ms"))
                .start();
        axe = new Axe();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (portalStub != null) {
            portalStub.close();
        }
    }

    @AfterEach
    void quit() {
        drivers.forEach(ChromeDriver::quit);
        drivers.clear();
    }

    static String email(String user) {
        return user + "@example.org";
    }

    static String console() {
        return server.issuer("portal") + "/account";
    }

    ChromeDriver browser() {
        ChromeDriver driver = Chromium.start();
        drivers.add(driver);
        return driver;
    }

    static WebDriverWait waiting(ChromeDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    // ---- Personal details ----------------------------------------------------------------------------------------

    @Test
    void nameLanguageAndPhoneChangeAndStayChanged() {
        ChromeDriver browser = browser();
        openConsole(browser, "details");
        check(browser, "console");

        // A bad phone number is refused on the page, with the field marked, and nothing is saved.
        fill(browser, By.id("phone"), "call me maybe");
        submitFormOf(browser, By.id("phone"));
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("phone-error")));
        assertThat(browser.findElement(By.id("phone")).getDomAttribute("aria-invalid")).isEqualTo("true");
        check(browser, "console with an error");
        assertThat(account("details").phone()).isEmpty();

        fill(browser, By.id("name"), "Dora Details");
        fill(browser, By.id("phone"), "+31 6 12345678");
        new Select(browser.findElement(By.id("locale"))).selectByValue("nl");
        submitFormOf(browser, By.id("name"));
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice[role=status]")));

        // What the person sees after a reload, and what the server keeps.
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("name")).getDomProperty("value")).isEqualTo("Dora Details");
        assertThat(browser.findElement(By.id("phone")).getDomProperty("value")).isEqualTo("+31 6 12345678");
        assertThat(new Select(browser.findElement(By.id("locale"))).getFirstSelectedOption().getDomAttribute("value"))
                .isEqualTo("nl");
        Account saved = account("details");
        assertThat(saved.name()).isEqualTo("Dora Details");
        assertThat(saved.phone()).contains("+31 6 12345678");
        assertThat(saved.locale()).isEqualTo("nl");
        assertAccessible();
    }

    @Test
    void anEmailChangeNeedsTheCodeSentToTheNewAddress() {
        ChromeDriver browser = browser();
        openConsole(browser, "email");
        String newAddress = "email-new@example.org";
        sensitive(browser, "email", () -> {
            fill(browser, By.id("newEmail"), newAddress);
            submitFormOf(browser, By.id("newEmail"));
        }, By.cssSelector("form[action$='/account/email/verify'] #code"));
        check(browser, "console, email code");
        String code = mailedCode(newAddress);

        // A wrong code is refused and the address stays the old one.
        String wrong = code.equals("00000000") ? "11111111" : "00000000";
        fill(browser, By.id("code"), wrong);
        submitFormOf(browser, By.id("code"));
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("email-code-error")));
        check(browser, "console, wrong email code");
        assertThat(account("email").email()).isEqualTo(email("email"));

        fill(browser, By.id("code"), code);
        submitFormOf(browser, By.id("code"));
        waiting(browser).until(ExpectedConditions.invisibilityOfElementLocated(By.id("code")));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(newAddress);
        assertThat(server.bean(AccountRepository.class).findByEmail("portal", newAddress)).isPresent();
        assertThat(server.bean(AccountRepository.class).findByEmail("portal", email("email"))).isEmpty();

        // The new address signs in; the old one no longer does.
        ChromeDriver other = browser();
        other.get(server.issuer("portal") + "/login");
        submitLogin(other, email("email"), PASSWORD);
        waiting(other).until(ExpectedConditions.urlContains("error"));
        openConsoleAs(other, newAddress, PASSWORD);
        assertAccessible();
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAndThenOnlyTheNewOneWorks() {
        ChromeDriver browser = browser();
        openConsole(browser, "password");
        String newPassword = "Staple-Lantern-Orbit-Cactus-77";

        sensitive(browser, "password", () -> {
            fill(browser, By.id("currentPassword"), "not-my-password-at-all");
            fill(browser, By.id("newPassword"), newPassword);
            submitFormOf(browser, By.id("currentPassword"));
        }, By.id("current-password-error"));
        check(browser, "console, wrong current password");

        sensitive(browser, "password", () -> {
            fill(browser, By.id("currentPassword"), PASSWORD);
            fill(browser, By.id("newPassword"), newPassword);
            submitFormOf(browser, By.id("currentPassword"));
        }, By.cssSelector(".notice[role=status]"));
        // This browser stays signed in after its own change.
        browser.get(console());
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(PROFILE_FORM));

        ChromeDriver other = browser();
        other.get(server.issuer("portal") + "/login");
        submitLogin(other, email("password"), PASSWORD);
        waiting(other).until(ExpectedConditions.urlContains("error"));
        openConsoleAs(other, email("password"), newPassword);
        assertAccessible();
    }

    // ---- Second factors ------------------------------------------------------------------------------------------

    @Test
    void anAuthenticatorAppIsSetUpWithTheShownKeyAskedAtLoginAndRemoved() {
        ChromeDriver browser = browser();
        openConsole(browser, "totp");
        sensitive(browser, "totp", () -> browser.findElement(By.id("totp-setup")).click(), By.id("totp-key"));
        check(browser, "authenticator app setup");

        // A wrong code is refused on the setup page itself, with the same key: the app's entry from the first scan
        // keeps working (a typo must not replace the secret).
        byte[] scanned = keyShown(browser);
        fill(browser, By.id("code"), "000000".equals(totpNow(scanned)) ? "111111" : "000000");
        submitFormOf(browser, By.id("code"));
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("code-error")));
        assertThat(keyShown(browser)).isEqualTo(scanned);
        assertThat(browser.findElement(By.id("code")).getAttribute("aria-invalid")).isEqualTo("true");
        check(browser, "authenticator app setup, wrong code");

        byte[] secret = keyShown(browser);
        fill(browser, By.id("code"), totpNow(secret));
        submitFormOf(browser, By.id("code"));
        totpSecret = secret;
        // The first factor comes with recovery codes, shown once.
        keepRecoveryCodes(browser);
        browser.findElement(By.id("continue")).click();
        consoleReached(browser, "totp");
        assertThat(browser.findElement(By.id("totp-status")).isDisplayed()).isTrue();

        // The next login asks for the second step (answered here with a recovery code, as codes cannot be replayed).
        ChromeDriver other = browser();
        other.get(server.issuer("portal") + "/login");
        submitLogin(other, email("totp"), PASSWORD);
        waiting(other).until(ExpectedConditions.urlContains("/second-factor"));
        check(other, "second factor at login");
        other.get(console());
        assertThat(other.findElements(PROFILE_FORM)).as("the password alone does not open the console").isEmpty();

        // Removing is asked first: the link opens a question, "Yes" removes.
        sensitive(browser, "totp", () -> confirmed(browser, By.id("totp-remove"), "authenticator app removal"),
                By.id("totp-setup"));
        assertThat(browser.findElements(By.id("totp-status"))).isEmpty();
        check(browser, "console, app removed");
        assertAccessible();
    }

    @Test
    void aPasskeyIsAddedWithTheBrowsersAuthenticatorAndRemoved() {
        ChromeDriver browser = browser();
        VirtualAuthenticator authenticator = Chromium.platformAuthenticator(browser);
        openConsole(browser, "passkey");
        sensitive(browser, "passkey", () -> {
            fill(browser, By.id("passkey-name"), "Work laptop");
            browser.findElement(By.id("passkey-register")).click();
        }, By.id("recovery-codes"));
        check(browser, "recovery codes after the first passkey");
        keepRecoveryCodes(browser);
        browser.findElement(By.id("continue")).click();
        consoleReached(browser, "passkey");
        assertThat(browser.findElement(By.id("notice")).getText()).as("adding is confirmed")
                .isEqualTo("The passkey has been added. Next time you can sign in with it.");
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#passkeys .passkey-name"))).extracting(WebElement::getText)
                .containsExactly("Work laptop");
        check(browser, "console with a passkey");

        sensitive(browser, "passkey", () -> confirmed(browser, By.cssSelector(".passkey-delete"), "passkey deletion"),
                By.cssSelector("#passkeys"));
        waiting(browser).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".passkey-item"), 0));
        assertAccessible();
    }

    @Test
    void newRecoveryCodesReplaceTheOldOnes() {
        ChromeDriver browser = browser();
        openConsole(browser, "recovery");
        sensitive(browser, "recovery", () -> browser.findElement(By.id("recovery-new")).click(),
                By.id("recovery-codes"));
        check(browser, "recovery codes");
        List<String> first = codesShown(browser);
        assertThat(first).hasSize(10).doesNotHaveDuplicates();
        browser.findElement(By.id("continue")).click();
        consoleReached(browser, "recovery");
        assertThat(browser.findElement(By.id("recovery-left")).getText()).contains("10");

        sensitive(browser, "recovery", () -> browser.findElement(By.id("recovery-new")).click(),
                By.id("recovery-codes"));
        List<String> second = codesShown(browser);
        assertThat(second).hasSize(10).doesNotContainAnyElementsOf(first);
        assertAccessible();
    }

    // ---- Sessions and apps ---------------------------------------------------------------------------------------

    @Test
    void endingAnotherBrowsersSessionSignsThatBrowserOut() {
        ChromeDriver first = browser();
        openConsole(first, "sessions");
        ChromeDriver second = browser();
        openConsoleAs(second, email("sessions"), PASSWORD);

        first.get(console());
        consoleReached(first, "sessions");
        List<WebElement> others = first.findElements(By.cssSelector("#session-list .session-item"));
        assertThat(others).as("this browser and the other one").hasSize(2);
        assertThat(first.findElements(By.cssSelector("#session-list .session-this"))).hasSize(1);
        check(first, "console with two sessions");
        // after a re-authentication the console page is loading again: wait for the button instead of finding it
        sensitive(first, "sessions", () -> waiting(first).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#session-list .session-end"))).click(), By.id("session-list"));
        waiting(first).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#session-list .session-item"),
                1));
        assertThat(first.findElements(By.cssSelector("#session-list .session-this"))).hasSize(1);

        // The other browser: the console and a portal both send it to the login page now.
        second.get(console());
        waiting(second).until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        assertThat(second.findElements(PROFILE_FORM)).isEmpty();
        var portal = new OidcTestClient(server.issuer("portal"), "parking", SECRET, redirect);
        second.get(portal.authorizationUrl(portal.authorizationParams(OidcTestClient.Pkce.create(), "s", "n")));
        waiting(second).until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        assertThat(second.getCurrentUrl()).doesNotStartWith(redirect);
        // And this browser is still signed in.
        first.get(console());
        consoleReached(first, "sessions");
        assertAccessible();
    }

    @Test
    void twoBrowsersAreToldApartAndTheConfirmationIsAtTheTopOfAPhoneScreen() {
        ChromeDriver phone = browserFrom("198.51.100.23");
        phone.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        openConsole(phone, "devices");
        ChromeDriver laptop = browserFrom("2001:db8:abcd:12::1");
        openConsoleAs(laptop, email("devices"), PASSWORD);

        phone.get(console());
        consoleReached(phone, "devices");
        List<String> rows = phone.findElements(By.cssSelector("#session-list .session-item")).stream()
                .map(WebElement::getText).toList();
        assertThat(rows).hasSize(2).doesNotHaveDuplicates();
        assertThat(String.join("\n", rows)).contains("From network 198.51.x.x").contains("From network 2001:db8:abcd::/48")
                .contains("with a password").doesNotContain("198.51.100.23").doesNotContain("2001:db8:abcd:12");
        assertThat(phone.findElement(By.cssSelector(".session-this")).findElement(By.xpath("..")).getText())
                .as("this device is marked").contains("198.51.x.x");
        check(phone, "console sessions with details");

        // "Sign out all other devices" sits far down the page; its answer is at the top, in view.
        WebElement others = phone.findElement(By.id("sessions-end-others"));
        phone.executeScript("arguments[0].scrollIntoView()", others);
        actAndWaitForTheNextPage(phone, others::click);
        WebElement notice = waiting(phone).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(notice.getAttribute("role")).isEqualTo("status");
        assertThat(notice.getText()).isEqualTo("All other devices are signed out.");
        assertThat((Boolean) phone.executeScript("var r = arguments[0].getBoundingClientRect();"
                + " return r.top >= 0 && r.bottom <= window.innerHeight;", notice)).as("in the viewport").isTrue();
        check(phone, "console, other devices signed out");

        // Sign out everywhere asks first; "No" changes nothing, "Yes" signs out.
        phone.findElement(By.id("sessions-end-all")).click();
        waiting(phone).until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-yes")));
        assertThat(phone.findElement(By.id("confirm-heading")).getText())
                .isEqualTo("Do you want to sign out everywhere?");
        check(phone, "sign out everywhere question");
        phone.findElement(By.id("confirm-cancel")).click();
        consoleReached(phone, "devices");
        phone.findElement(By.id("sessions-end-all")).click();
        waiting(phone).until(ExpectedConditions.elementToBeClickable(By.id("confirm-yes"))).click();
        waiting(phone).until(ExpectedConditions.urlContains("signedOut"));
        phone.get(console());
        waiting(phone).until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        assertThat(phone.findElements(PROFILE_FORM)).isEmpty();
        assertAccessible();
    }

    @Test
    void signOutInTheConsoleEndsOnAPageWithNextSteps() {
        ChromeDriver browser = browser();
        openConsole(browser, "apps");
        browser.findElement(By.id("nav-sign-out")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("logout-done")));
        assertThat(browser.findElement(By.id("signed-out-account")).getText())
                .isEqualTo("Sign in to your account again");
        check(browser, "signed out from the console");
        browser.get(server.issuer("portal") + "/");
        assertThat(browser.findElement(By.id("home-account")).isDisplayed()).isTrue();
        check(browser, "realm home page");
        browser.findElement(By.id("home-account")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        assertAccessible();
    }

    /** A browser whose requests come from {@code address} (X-Forwarded-For, trusted from the local test proxy). */
    ChromeDriver browserFrom(String address) {
        ChromeDriver driver = browser();
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-Forwarded-For", address)));
        return driver;
    }

    /** Follows {@code link} to the question before a removal, checks that page, and answers "Yes". */
    void confirmed(ChromeDriver browser, By link, String label) {
        waiting(browser).until(ExpectedConditions.elementToBeClickable(link)).click();
        WebElement yes = waiting(browser).until(ExpectedConditions.elementToBeClickable(By.id("confirm-yes")));
        check(browser, label + " question");
        yes.click();
    }

    @Test
    void revokingAnAppStopsItsRefreshToken() {
        ChromeDriver browser = browser();
        openConsole(browser, "apps");
        // A portal gets tokens through this browser's sign-in.
        var portal = new OidcTestClient(server.issuer("portal"), "parking", SECRET, redirect);
        var pkce = OidcTestClient.Pkce.create();
        browser.get(portal.authorizationUrl(portal.authorizationParams(pkce, "state-apps", "n")));
        waiting(browser).until(ExpectedConditions.urlContains(redirect));
        String code = queryParam(browser.getCurrentUrl(), "code");
        var tokens = portal.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).isEqualTo(200);
        String refreshToken = OidcTestClient.json(tokens.body()).get("refresh_token").asString();
        assertThat(portal.refresh(refreshToken).statusCode()).as("works before the revoke").isEqualTo(200);

        browser.get(console());
        consoleReached(browser, "apps");
        browser.findElement(By.id("nav-apps")).click();
        By parking = By.cssSelector(".app-item[data-client-id=parking]");
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(parking));
        assertThat(browser.findElement(parking).getText()).contains("Parking permits");
        check(browser, "apps with access");
        // Back to the console, a look at the activity list, and back to the apps.
        browser.findElement(By.cssSelector("main a[href$='/account']")).click();
        consoleReached(browser, "apps");
        browser.findElement(By.id("nav-activity")).click();
        waiting(browser).until(ExpectedConditions.urlContains("/account/activity"));
        assertThat(browser.findElements(By.cssSelector("#activity .activity-line"))).as("the sign-ins").isNotEmpty();
        check(browser, "recent security activity");
        browser.navigate().back();
        consoleReached(browser, "apps");
        browser.findElement(By.id("nav-apps")).click();
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(parking));

        sensitive(browser, "apps", () -> browser.findElement(parking).findElement(By.cssSelector(".app-revoke"))
                .click(), By.cssSelector(".notice[role=status]"));
        assertThat(browser.findElements(parking)).isEmpty();
        check(browser, "apps after revoke");
        // The portal's refresh token is dead (the grant's new refresh token from the first refresh too).
        assertThat(portal.refresh(refreshToken).statusCode()).isEqualTo(400);
        assertAccessible();
    }

    // ---- Helpers -------------------------------------------------------------------------------------------------

    /** The personal-details form: present only on the console's main page. */
    static final By PROFILE_FORM = By.cssSelector("form[action$='/account/profile']");

    /** Opens the console as {@code user}, signing in on whatever login the console sends the browser to. */
    void openConsole(ChromeDriver browser, String user) {
        openConsoleAs(browser, email(user), PASSWORD);
    }

    void openConsoleAs(ChromeDriver browser, String email, String password) {
        browser.get(console());
        signInIfAsked(browser, email, password);
        consoleReached(browser, email, password);
    }

    void consoleReached(ChromeDriver browser, String user) {
        consoleReached(browser, email(user), PASSWORD);
    }

    /** Waits for the console; a login that ended elsewhere (the realm's home page) is followed by a visit to it. */
    void consoleReached(ChromeDriver browser, String email, String password) {
        waiting(browser).withMessage(() -> "not at the console: " + browser.getCurrentUrl())
                .until(d -> !d.findElements(PROFILE_FORM).isEmpty() || !d.findElements(By.tagName("h1")).isEmpty());
        if (browser.findElements(PROFILE_FORM).isEmpty()) {
            browser.get(console());
            signInIfAsked(browser, email, password);
            waiting(browser).withMessage(() -> "not at the console: " + browser.getCurrentUrl())
                    .until(ExpectedConditions.presenceOfElementLocated(PROFILE_FORM));
        }
    }

    /**
     * A sensitive change: does it, and when the console asks to sign in again first (the login page, or a second
     * factor), signs in, comes back to the console and does it again. Ends when {@code done} is on the page.
     */
    void sensitive(ChromeDriver browser, String user, Runnable action, By done) {
        actAndWaitForTheNextPage(browser, action);
        waiting(browser).withMessage(() -> "no " + done + " at " + browser.getCurrentUrl())
                .until(d -> !d.findElements(done).isEmpty() || loginAsked(browser));
        if (browser.findElements(done).isEmpty()) {
            signInIfAsked(browser, email(user), PASSWORD);
            consoleReached(browser, user);
            actAndWaitForTheNextPage(browser, action);
            waiting(browser).withMessage(() -> "no " + done + " after signing in again, at "
                    + browser.getCurrentUrl()).until(ExpectedConditions.presenceOfElementLocated(done));
        }
    }

    /**
     * Every console action submits a form. {@code done} may be on the page the action starts from too (the passkey
     * list before a delete), so looking for it at once could read the old page: first wait for the next one.
     */
    private void actAndWaitForTheNextPage(ChromeDriver browser, Runnable action) {
        WebElement page = browser.findElement(By.tagName("html"));
        action.run();
        waiting(browser).until(Chromium.nextPageLoaded(page));
    }

    /** A page that asks for the password (the login page or a re-authentication page) or for a second factor. */
    static boolean loginAsked(ChromeDriver browser) {
        return browser.findElements(PROFILE_FORM).isEmpty()
                && (!browser.findElements(By.cssSelector("input[type=password][autocomplete=current-password]"))
                .isEmpty() || browser.getCurrentUrl().contains("/second-factor"));
    }

    /** Answers the login page and a second-factor page when they appear; does nothing on any other page. */
    void signInIfAsked(ChromeDriver browser, String email, String password) {
        waiting(browser).until(d -> "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
        if (!loginAsked(browser)) {
            return;
        }
        if (!browser.getCurrentUrl().contains("/second-factor")) {
            check(browser, "login page");
            WebElement form = submitLogin(browser, email, password);
            // The login page's URL may carry a query (?resume=...): wait for the page itself to go.
            waiting(browser).until(Chromium.nextPageLoaded(form));
        }
        if (browser.getCurrentUrl().contains("/second-factor")) {
            secondFactor(browser);
        }
    }

    /** Fills and submits the sign-in form; returns that form, which goes stale once the next page loads. */
    WebElement submitLogin(ChromeDriver browser, String email, String password) {
        List<WebElement> emailField = browser.findElements(By.id("email"));
        if (!emailField.isEmpty() && emailField.get(0).isDisplayed() && emailField.get(0).isEnabled()
                && emailField.get(0).getDomAttribute("readonly") == null) {
            emailField.get(0).clear();
            emailField.get(0).sendKeys(email);
        }
        WebElement passwordField = browser.findElement(
                By.cssSelector("input[type=password][autocomplete=current-password]"));
        passwordField.sendKeys(password);
        WebElement form = passwordField.findElement(By.xpath("./ancestor::form"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        return form;
    }

    /** A passkey if the page offers one, else a recovery code, else the authenticator app's current code. */
    private void secondFactor(ChromeDriver browser) {
        String at = browser.getCurrentUrl();
        List<WebElement> passkey = browser.findElements(By.id("passkey-second-factor"));
        if (!passkey.isEmpty() && passkey.get(0).isDisplayed()) {
            passkey.get(0).click();
        } else if (!recoveryCodes.isEmpty()) {
            fill(browser, By.id("recovery"), recoveryCodes.remove(0));
            submitFormOf(browser, By.id("recovery"));
        } else if (totpSecret != null) {
            fill(browser, By.id("code"), totpNow(totpSecret));
            submitFormOf(browser, By.id("code"));
        } else {
            throw new AssertionError("a second factor was asked, but this account has none: " + at);
        }
        waiting(browser).until(d -> !d.getCurrentUrl().equals(at));
    }

    void keepRecoveryCodes(ChromeDriver browser) {
        recoveryCodes.clear();
        recoveryCodes.addAll(codesShown(browser));
        assertThat(recoveryCodes).hasSize(10);
    }

    static List<String> codesShown(ChromeDriver browser) {
        waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-codes")));
        return browser.findElements(By.cssSelector("#recovery-codes li")).stream().map(WebElement::getText)
                .map(String::trim).toList();
    }

    static byte[] keyShown(ChromeDriver browser) {
        return Base32.decode(browser.findElement(By.id("totp-key")).getText().replace(" ", ""));
    }

    static String totpNow(byte[] secret) {
        Totp totp = new Totp(TotpParameters.DEFAULT);
        return totp.code(secret, totp.timeStep(Instant.now()));
    }

    static void fill(ChromeDriver browser, By field, String value) {
        WebElement element = waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(field));
        element.clear();
        element.sendKeys(value);
    }

    /** Clicks the submit button of the form around {@code field}, as a person would. */
    static void submitFormOf(ChromeDriver browser, By field) {
        browser.findElement(field).findElement(By.xpath("./ancestor::form"))
                .findElement(By.cssSelector("button[type=submit]")).click();
    }

    static Account account(String user) {
        return server.bean(AccountRepository.class).findByEmail("portal", email(user)).orElseThrow();
    }

    /** The 8-digit code in the newest mail to {@code to}, waiting for the outbox to deliver it. */
    static String mailedCode(String to) {
        DevMailbox mailbox = server.bean(DevMailbox.class);
        Pattern code = Pattern.compile("(?m)^\\s*(\\d{8})\\s*$");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            var found = mailbox.latestTo(to).map(m -> code.matcher(m.text())).filter(Matcher::find);
            if (found.isPresent()) {
                return found.get().group(1);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no code mailed to " + to);
    }

    static String queryParam(String url, String name) {
        Matcher m = Pattern.compile("[?&]" + name + "=([^&#]+)").matcher(url);
        assertThat(m.find()).as(name + " in " + url).isTrue();
        return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    /** axe-core on the page the browser shows now; the violations are asserted at the end of the test. */
    void check(ChromeDriver browser, String label) {
        accessibility.addAll(axe.violations(browser, label));
    }

    void assertAccessible() {
        assertThat(accessibility).as("axe-core serious/critical violations on the console pages").isEmpty();
    }
}
