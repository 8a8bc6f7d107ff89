package nl.toegang.browser;

import nl.toegang.mail.dev.DevMailbox;
import nl.toegang.mfa.totp.Base32;
import nl.toegang.mfa.totp.Totp;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

import java.io.IOException;
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
 * Every user-facing page in Dutch and English, at a phone and a desktop width: a screenshot for reviewers and
 * translators (docs/screens/, shown in docs/screens.md), and an axe-core accessibility check that must find no
 * serious or critical violation.
 */
class PageGalleryTest {
    static final Path SCREENS = Path.of("docs/screens");
    static final List<String> LANGUAGES = List.of("nl", "en");
    /** A list, not a map: the order, and so the generated docs/screens.md, is the same on every run. */
    static final List<Width> WIDTHS = List.of(new Width("phone", new Dimension(390, 844)),
            new Width("desktop", new Dimension(1280, 900)));

    record Width(String name, Dimension size) {
    }

    @TempDir
    static Path temp;
    static TestServer server;
    static ChromeDriver browser;
    static Axe axe;

    @BeforeAll
    static void start() throws Exception {
        // The shipped realms, plus one user per language for the second-factor pages (the shipped alice stays as is).
        Path realms = Files.createDirectories(temp.resolve("realms"));
        try (var files = Files.list(Path.of("realms"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String text = Files.readString(file);
                if (file.getFileName().toString().equals("portal.yaml")) {
                    StringBuilder users = new StringBuilder("users:\n");
                    for (String language : LANGUAGES) {
                        user(users, mfaUser(language), language);
                        user(users, passkeyUser(language), language);
                    }
                    text = text.replace("users:\n", users);
                }
                Files.writeString(realms.resolve(file.getFileName()), text);
            }
        }
        // A realm that requires a second factor: its accounts set one up at their first login.
        StringBuilder strict = new StringBuilder("""
                name: strict
                displayName: Mijn Portaal
                settings:
                  defaultLocale: nl
                  mfa: required
                users:
                """);
        for (String language : LANGUAGES) {
            user(strict, enrolUser(language), language);
        }
        Files.writeString(realms.resolve("strict.yaml"), strict.toString());
        // A realm that locks after three wrong passwords (no delays before), for the lock notice after a reload.
        StringBuilder locking = new StringBuilder("""
                name: locking
                displayName: Mijn Portaal
                settings:
                  defaultLocale: nl
                  lockout:
                    freeFailures: 3
                    failuresPerLockout: 3
                    lockoutWaits: [15m]
                    ipFailuresPerWindow: 1000
                    ipAccountsPerWindow: 1000
                texts:
                  support:
                    nl: Bel de helpdesk op 088 123 4567 (werkdagen 8-17 uur).
                    en: Call the helpdesk on +31 88 123 4567 (working days 8:00-17:00).
                users:
                """);
        for (String language : LANGUAGES) {
            user(locking, lockUser(language), language);
        }
        Files.writeString(realms.resolve("locking.yaml"), locking.toString());
        // A realm in maintenance since its start, with a portal client: what a person coming from that portal sees.
        Files.writeString(realms.resolve("paused.yaml"), """
                name: paused
                displayName: Mijn Portaal
                clients:
                  - clientId: parking
                    name: Parkeervergunningen
                    type: public
                    redirectUris: [http://localhost:8081/callback]
                    scopes: [openid, profile, email]
                maintenance:
                  message:
                    nl: We werken aan het portaal. Inloggen kan straks weer.
                    en: We are working on the portal. You can sign in again soon.
                  until: %s
                texts:
                  support:
                    nl: Bel de helpdesk op 088 123 4567 (werkdagen 8-17 uur).
                    en: Call the helpdesk on +31 88 123 4567 (working days 8:00-17:00).
                """.formatted(Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS)));
        // A realm with all three ways in: DigiD, citizens of other EU countries (eIDAS, the mock node), email.
        var connector = nl.toegang.federation.digid.DevCertificates.generate("Gallery eIDAS connector", false,
                new java.security.SecureRandom(), Instant.now());
        Files.writeString(realms.resolve("eu.key.pem"), pem("PRIVATE KEY",
                connector.keyPair().getPrivate().getEncoded()));
        Files.writeString(realms.resolve("eu.cert.pem"), pem("CERTIFICATE", connector.certificate().getEncoded()));
        Files.writeString(realms.resolve("europe.yaml"), """
                name: europe
                displayName: Mijn Portaal
                settings:
                  defaultLocale: nl
                digid:
                  mock: true
                upstreams:
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    signingKey: eu.key.pem
                    signingCertificate: eu.cert.pem
                    eidas: {spType: public, mock: true}
                """);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of("toegang.mail.dispatch-interval", "100ms"))
                .start();
        browser = Chromium.start();
        axe = new Axe();
        Files.createDirectories(SCREENS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
    }

    static final String PASSWORD = "Correct-Horse-Battery-42";

    static String mfaUser(String language) {
        return "gallery-mfa-" + language + "@example.org";
    }

    static String passkeyUser(String language) {
        return "gallery-passkey-" + language + "@example.org";
    }

    static String lockUser(String language) {
        return "gallery-lock-" + language + "@example.org";
    }

    static String enrolUser(String language) {
        return "gallery-enrol-" + language + "@example.org";
    }

    private static void user(StringBuilder users, String email, String language) {
        users.append("  - email: ").append(email).append("\n    password: ").append(PASSWORD)
                .append("\n    name: Gallery\n    emailVerified: true\n    locale: ").append(language).append('\n');
    }

    record Page(String name, String path) {
    }

    /** Pages reached by a plain visit, in the order of docs/screens.md. */
    static final List<Page> PUBLIC_PAGES = List.of(
            new Page("login", "/realms/portal/login"),
            new Page("login-wait", "/realms/portal/login?wait"),
            new Page("login-locked", "/realms/portal/login?locked"),
            new Page("login-disabled", "/realms/portal/login?disabled"),
            new Page("stale-form", "/realms/portal/login?expired"),
            new Page("register", "/realms/portal/register"),
            new Page("verify-code", "/realms/portal/register/check-email"),
            new Page("forgot", "/realms/portal/forgot"),
            new Page("forgot-sent", "/realms/portal/forgot/sent"),
            new Page("reset-done", "/realms/portal/reset/done"),
            new Page("reset-link-invalid", "/realms/portal/reset?token=expired"),
            new Page("verify-link-invalid", "/realms/portal/verify-email?token=expired"),
            new Page("cookies-required", "/realms/portal/cookies-required"),
            new Page("status", "/realms/portal/status"),
            new Page("maintenance", "/realms/portal/maintenance"),
            new Page("home", "/realms/portal/"),
            new Page("root", "/"),
            new Page("not-found", "/realms/portal/no-such-page"),
            new Page("unknown-realm", "/realms/nope/login"),
            new Page("authorization-error", "/realms/portal/oauth2/authorize?client_id=unknown-client"
                    + "&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2Fcb"),
            new Page("digid-mock", "/realms/portal/saml/login"));

    @Test
    void everyPageInBothLanguagesAtTwoWidthsHasNoSeriousAccessibilityProblem() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> gallery = new ArrayList<>();
        for (String language : LANGUAGES) {
            browser.manage().deleteAllCookies();
            browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
            for (Page page : PUBLIC_PAGES) {
                browser.get(server.baseUrl() + page.path());
                capture(page.name(), language, problems, gallery);
            }
            flows(language, problems, gallery);
        }
        // Staff sign in once (password, then the authenticator app the admin realm requires); ?lang switches.
        signInAsStaff();
        String alice = server.bean(nl.toegang.account.AccountRepository.class)
                .findByEmail("portal", "alice@example.org").orElseThrow().id();
        for (String language : LANGUAGES) {
            visit(new Page("support-search", "/realms/admin/support?realm=portal&q=alice&lang=" + language),
                    language, problems, gallery);
            visit(new Page("support-account", "/realms/admin/support/realms/portal/users/" + alice + "?lang="
                    + language), language, problems, gallery);
        }
        writeGallery(gallery);
        assertThat(gallery).as("the named states of the journeys issue are in the gallery")
                .anyMatch(row -> row.startsWith("| maintenance-from-portal |"))
                .anyMatch(row -> row.startsWith("| lockout-after-reload |"))
                .anyMatch(row -> row.startsWith("| totp-enrol-error |"))
                .anyMatch(row -> row.startsWith("| register-error-summary |"))
                .anyMatch(row -> row.startsWith("| root |"))
                .anyMatch(row -> row.startsWith("| console-confirm-sign-out-everywhere |"))
                .anyMatch(row -> row.startsWith("| console-confirm-passkey-delete |"));
        assertThat(problems).as("axe-core serious/critical violations and 200%% zoom problems").isEmpty();
    }

    /** Pages that need a mail, a session or a second factor first. */
    private void flows(String language, List<String> problems, List<String> gallery) throws Exception {
        // A person from a portal while the realm is in maintenance: the realm's message, the end, the way back.
        browser.get(server.baseUrl() + "/realms/paused/oauth2/authorize?client_id=parking&response_type=code"
                + "&scope=openid&state=s1&redirect_uri=http%3A%2F%2Flocalhost%3A8081%2Fcallback"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
        assertThat(present(By.id("maintenance-back")).getAttribute("href")).contains("localhost:8081");
        capture("maintenance-from-portal", language, problems, gallery);

        // Three ways in: DigiD, another EU country's eID (eIDAS), email (docs/eidas.md).
        browser.get(server.baseUrl() + "/realms/europe/login?lang=" + language);
        assertThat(present(By.id("choice-eidas-eu")).isDisplayed()).isTrue();
        capture("login-three-routes", language, problems, gallery);

        // The lock notice, announced by the failure that locks and still there after a reload.
        browser.get(server.baseUrl() + "/realms/locking/login?lang=" + language);
        for (int i = 1; i <= 3; i++) {
            submitPassword(lockUser(language), "wrong-password-" + i);
        }
        browser.navigate().refresh();
        assertThat(present(By.id("login-locked")).isDisplayed()).isTrue();
        capture("lockout-after-reload", language, problems, gallery);

        // A registration form sent empty: the error summary at the top, with the focus on it.
        browser.get(server.baseUrl() + "/realms/portal/register");
        WebElement send = browser.findElement(By.cssSelector("main form button[type=submit]"));
        send.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(Chromium.nextPageLoaded(send));
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> "error-summary".equals(
                d.switchTo().activeElement().getAttribute("id")));
        capture("register-error-summary", language, problems, gallery);

        // Registration: the verification link page (the code page is a plain visit above).
        String newcomer = "gallery-new-" + language + "@example.org";
        browser.get(server.baseUrl() + "/realms/portal/register");
        browser.findElement(By.id("email")).sendKeys(newcomer);
        browser.findElement(By.id("name")).sendKeys("Nieuw");
        browser.findElement(By.id("password")).sendKeys("lantern orbit cactus velvet");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        browser.get(mailLink(newcomer, "/verify-email?token="));
        capture("verify-link", language, problems, gallery);

        // Password reset: the page to choose a new password (not submitted: alice keeps hers).
        browser.get(server.baseUrl() + "/realms/portal/forgot");
        browser.findElement(By.id("email")).sendKeys("alice@example.org");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        browser.get(mailLink("alice@example.org", "/reset?token="));
        capture("reset", language, problems, gallery);

        // DigiD mock: cancel, and the outcome page that explains it.
        browser.get(server.baseUrl() + "/realms/portal/saml/login");
        browser.findElement(By.cssSelector("button[value=cancel]")).click();
        present(By.id("digid-cancelled"));
        capture("digid-cancelled", language, problems, gallery);
        // DigiD mock: the level cannot be met (Responder/NoAuthnContext), and the page that says so.
        browser.get(server.baseUrl() + "/realms/portal/saml/login");
        browser.findElement(By.cssSelector("button[value=nolevel]")).click();
        // The answer travels mock, ACS and the artifact back channel: wait for the page, not only the click.
        assertThat(present(By.id("digid-level")).isDisplayed()).isTrue();
        capture("digid-level-not-met", language, problems, gallery);
        // A resident signed in with DigiD, in the account console: sessions, apps and activity; details are DigiD's.
        browser.get(server.baseUrl() + "/realms/portal/saml/login");
        browser.findElement(By.cssSelector("button[name=action][value=login]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("/mock-digid/"));
        browser.get(server.baseUrl() + "/realms/portal/account");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("digid-signed-in")));
        capture("account-digid", language, problems, gallery);
        browser.manage().deleteAllCookies();

        signIn("alice@example.org");
        browser.get(server.baseUrl() + "/realms/portal/account");
        capture("account", language, problems, gallery);
        visit(new Page("console-confirm-sign-out-everywhere", "/realms/portal/account/sessions/end-all"),
                language, problems, gallery);
        visit(new Page("account-apps", "/realms/portal/account/apps"), language, problems, gallery);
        visit(new Page("account-activity", "/realms/portal/account/activity"), language, problems, gallery);

        // Authenticator app: enrol, recovery codes shown once, then the code asked at the next login.
        browser.manage().deleteAllCookies();
        browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
        signIn(mfaUser(language));
        browser.get(server.baseUrl() + "/realms/portal/account");
        browser.findElement(By.id("totp-setup")).click();
        capture("totp-enrol", language, problems, gallery);
        String key = browser.findElement(By.id("totp-key")).getText();
        // A typo first: the same page, the same key, the error at the field.
        browser.findElement(By.id("code")).sendKeys("000000");
        WebElement confirm = browser.findElement(By.cssSelector("main form button[type=submit]"));
        confirm.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(Chromium.nextPageLoaded(confirm));
        assertThat(present(By.id("code-error")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("totp-key")).getText()).isEqualTo(key);
        capture("totp-enrol-error", language, problems, gallery);
        byte[] secret = Base32.decode(key.replace(" ", ""));
        Totp totp = new Totp(TotpParameters.DEFAULT);
        browser.findElement(By.id("code")).sendKeys(totp.code(secret, totp.timeStep(Instant.now())));
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        capture("recovery-codes", language, problems, gallery);
        browser.manage().deleteAllCookies();
        browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
        signIn(mfaUser(language));
        assertThat(browser.getCurrentUrl()).endsWith("/login/second-factor");
        capture("totp-challenge", language, problems, gallery);
        browser.manage().deleteAllCookies();
        browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);

        passkeys(language, problems, gallery);

        // A realm that requires a second factor: the first login leads through setting up the authenticator app.
        browser.manage().deleteAllCookies();
        browser.get(server.baseUrl() + "/realms/strict/login?lang=" + language);
        submitPassword(enrolUser(language));
        assertThat(browser.getCurrentUrl()).endsWith("/realms/strict/login/enrol");
        assertThat(browser.findElement(By.id("totp-key")).getText()).isNotBlank();
        capture("mfa-enrol-at-login", language, problems, gallery);
        browser.manage().deleteAllCookies();
        browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
    }

    /**
     * Passkeys, with a virtual platform authenticator for this part only (with it, the login page's passkey autofill
     * would sign the other pages' visits in): the console with a passkey added, the passkey offered as second step,
     * and the login page when a passkey is refused (the server forgot it).
     */
    private void passkeys(String language, List<String> problems, List<String> gallery) throws IOException {
        HasVirtualAuthenticator authenticators = browser;
        VirtualAuthenticator authenticator = Chromium.platformAuthenticator(browser);
        // No autofill (conditional mediation) for this part, so the login page waits for the button.
        Object script = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);"))
                .get("identifier");
        try {
            signIn(passkeyUser(language));
            browser.get(server.baseUrl() + "/realms/portal/account");
            browser.findElement(By.id("passkey-name")).sendKeys("nl".equals(language) ? "Telefoon" : "Phone");
            browser.findElement(By.id("passkey-register")).click();
            present(By.id("recovery-codes"));
            browser.findElement(By.id("continue")).click();
            present(By.cssSelector("#passkeys .passkey-item"));
            capture("passkey-added", language, problems, gallery);

            browser.manage().deleteAllCookies();
            browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
            signIn(passkeyUser(language));
            assertThat(browser.getCurrentUrl()).endsWith("/login/second-factor");
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-second-factor")));
            capture("passkey-second-factor", language, problems, gallery);

            // Signed in with the passkey as second step; the passkey deleted on the server, kept in the browser.
            browser.findElement(By.id("passkey-second-factor")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d -> !d.getCurrentUrl().contains("/second-factor"));
            browser.get(server.baseUrl() + "/realms/portal/account");
            present(By.cssSelector(".passkey-delete")).click();
            present(By.id("confirm-yes")); // deleting is asked first
            capture("console-confirm-passkey-delete", language, problems, gallery);
            browser.findElement(By.id("confirm-yes")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".passkey-item"), 0));
            browser.manage().deleteAllCookies();
            browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-login"))).click();
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-error")));
            capture("passkey-login-failed", language, problems, gallery);
        } finally {
            browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
            authenticators.removeVirtualAuthenticator(authenticator);
            browser.manage().deleteAllCookies();
            browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
        }
    }

    private org.openqa.selenium.WebElement present(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private String mailLink(String to, String pathPart) throws InterruptedException {
        DevMailbox mailbox = server.bean(DevMailbox.class);
        Pattern link = Pattern.compile("(https?://\\S*" + Pattern.quote(pathPart) + "\\S*)");
        for (int i = 0; i < 150; i++) {
            var found = mailbox.latestTo(to).map(m -> link.matcher(m.text())).filter(Matcher::find);
            if (found.isPresent()) {
                return found.get().group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail with " + pathPart + " to " + to);
    }

    @Test
    void theAccessibilityCheckDoesFindProblems() {
        // Guards the check above against passing vacuously: a field without a label is a critical violation.
        browser.get("data:text/html,<html lang=en><head><title>t</title></head><body><main>"
                + "<input type=text></main></body></html>");
        assertThat(axe("broken page")).anyMatch(v -> v.contains("label"));
    }

    @Test
    void theZoomCheckDoesFindProblems() {
        // Guards the 200% check: a page wider than its window, with the button off screen, must be reported.
        browser.manage().window().setSize(WIDTHS.get(1).size());
        browser.get("data:text/html,<html lang=en><head><title>t</title></head><body><main>"
                + "<div style='width:1000px'>wide</div><button type=submit style='margin-left:900px'>Go</button>"
                + "</main></body></html>");
        assertThat(zoomed("wide page")).anyMatch(p -> p.contains("horizontal scroll"))
                .anyMatch(p -> p.contains("primary button"));
    }

    /** Signs in with the password and waits until the login page has gone (a navigation right away could cut it). */
    private void signIn(String email) {
        browser.get(server.baseUrl() + "/realms/portal/login");
        submitPassword(email);
    }

    private void submitPassword(String email) {
        submitPassword(email, PASSWORD);
    }

    /** Submits the open login form and waits for the next page (reading the URL at once could see the form still). */
    private void submitPassword(String email, String password) {
        WebElement emailField = browser.findElement(By.id("email"));
        emailField.clear(); // a failed attempt comes back with the address filled in
        emailField.sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement submit = browser.findElement(By.cssSelector("form button[type=submit]"));
        submit.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(Chromium.nextPageLoaded(submit));
    }

    private void signInAsStaff() {
        browser.manage().deleteAllCookies();
        browser.get(server.baseUrl() + "/realms/admin/login");
        submitPassword("helpdesk@example.org", "Helpdesk-Staff-Password-42");
        // then the enrolment page (finding its key at once raced in CI)
        String key = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("totp-key"))).getText().replace(" ", "");
        var totp = new nl.toegang.mfa.totp.Totp(nl.toegang.mfa.totp.TotpParameters.DEFAULT);
        String code = totp.code(nl.toegang.mfa.totp.Base32.decode(key), totp.timeStep(java.time.Instant.now()));
        WebElement codeField = browser.findElement(By.id("code"));
        codeField.sendKeys(code);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(Chromium.nextPageLoaded(codeField));
    }

    private void visit(Page page, String language, List<String> problems, List<String> gallery) throws IOException {
        browser.get(server.baseUrl() + page.path());
        capture(page.name(), language, problems, gallery);
    }

    /** Screenshots of the page as it is now, at both widths; axe and the 200% zoom check at the desktop width. */
    private void capture(String name, String language, List<String> problems, List<String> gallery)
            throws IOException {
        for (Width width : WIDTHS) {
            browser.manage().window().setSize(width.size());
            String file = name + "-" + language + "-" + width.name() + ".png";
            Files.write(SCREENS.resolve(file), browser.getScreenshotAs(OutputType.BYTES));
            gallery.add("| " + name + " | " + language + " | " + width.name() + " | ![" + name
                    + "](screens/" + file + ") |");
            if (width.name().equals("desktop")) {
                problems.addAll(axe(name + " (" + language + ")"));
                problems.addAll(zoomed(name + " (" + language + ")"));
            }
        }
    }

    /**
     * The desktop window at 200% zoom: 1280 device pixels wide, so 640 CSS pixels (Chromium's
     * Emulation.setDeviceMetricsOverride with deviceScaleFactor 2). No horizontal scrolling (WCAG 1.4.10 reflow)
     * and the page's primary button fully inside the window.
     */
    @SuppressWarnings("unchecked")
    private List<String> zoomed(String label) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 640, "height", 450,
                "deviceScaleFactor", 2, "mobile", false));
        try {
            Object found = browser.executeScript("""
                    const d = document.documentElement;
                    const problems = [];
                    if (d.scrollWidth > d.clientWidth) {
                      problems.push('horizontal scroll at 200% zoom: ' + d.scrollWidth + 'px > '
                          + d.clientWidth + 'px');
                    }
                    const primary = [...document.querySelectorAll('main button[type=submit], main a.button')]
                        .find(b => !b.hidden && b.offsetParent !== null);
                    if (primary) {
                      const box = primary.getBoundingClientRect();
                      if (box.width === 0 || box.left < 0 || box.right > d.clientWidth) {
                        problems.push('primary button not fully visible at 200% zoom');
                      }
                    }
                    return problems;
                    """);
            List<String> problems = new ArrayList<>();
            for (Object problem : (List<Object>) found) {
                problems.add(label + ": " + problem);
            }
            return problems;
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private List<String> axe(String label) {
        return axe.violations(browser, label);
    }

    private static void writeGallery(List<String> rows) throws IOException {
        Files.writeString(Path.of("docs/screens.md"), "# Screens\n\n"
                + "Every user-facing page in Dutch and English at a phone (390 px) and a desktop (1280 px) width, as the\n"
                + "browser tests see them (`PageGalleryTest` regenerates these files on every run and checks each page\n"
                + "with axe-core, and at 200% zoom on the desktop width: no horizontal scrolling, primary button\n"
                + "visible). For reviewers and translators: look instead of read.\n\n"
                + "| Page | Language | Width | Screenshot |\n|---|---|---|---|\n" + String.join("\n", rows) + "\n");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
