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
    static void start() throws IOException {
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
        assertThat(problems).as("axe-core serious/critical violations and 200%% zoom problems").isEmpty();
    }

    /** Pages that need a mail, a session or a second factor first. */
    private void flows(String language, List<String> problems, List<String> gallery) throws Exception {
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
        visit(new Page("account-apps", "/realms/portal/account/apps"), language, problems, gallery);
        visit(new Page("account-activity", "/realms/portal/account/activity"), language, problems, gallery);

        // Authenticator app: enrol, recovery codes shown once, then the code asked at the next login.
        browser.manage().deleteAllCookies();
        browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
        signIn(mfaUser(language));
        browser.get(server.baseUrl() + "/realms/portal/account");
        browser.findElement(By.id("totp-setup")).click();
        capture("totp-enrol", language, problems, gallery);
        byte[] secret = Base32.decode(browser.findElement(By.id("totp-key")).getText().replace(" ", ""));
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
            present(By.id("confirm-yes")).click(); // deleting is asked first
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
        browser.findElement(By.id("email")).sendKeys(email);
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
}
