package nl.toegang.browser;

import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    static String axe;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.embedded(temp.resolve("data"), Path.of("realms"), Map.of()).start();
        browser = Chromium.start();
        try (InputStream in = PageGalleryTest.class.getResourceAsStream("/axe/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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

    record Page(String name, String path) {
    }

    static final List<Page> PUBLIC_PAGES = List.of(
            new Page("login", "/realms/portal/login"),
            new Page("register", "/realms/portal/register"),
            new Page("forgot", "/realms/portal/forgot"),
            new Page("forgot-sent", "/realms/portal/forgot/sent"),
            new Page("reset-link-invalid", "/realms/portal/reset?token=expired"),
            new Page("verify-link-invalid", "/realms/portal/verify-email?token=expired"),
            new Page("cookies-required", "/realms/portal/cookies-required"),
            new Page("status", "/realms/portal/status"),
            new Page("maintenance", "/realms/portal/maintenance"),
            new Page("not-found", "/realms/nope/login"),
            new Page("digid-mock", "/realms/portal/saml/login"));

    @Test
    void everyPageInBothLanguagesAtTwoWidthsHasNoSeriousAccessibilityProblem() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> gallery = new ArrayList<>();
        for (String language : LANGUAGES) {
            browser.manage().deleteAllCookies();
            browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
            for (Page page : PUBLIC_PAGES) {
                visit(page, language, problems, gallery);
            }
            signIn();
            visit(new Page("account", "/realms/portal/account"), language, problems, gallery);
            visit(new Page("account-apps", "/realms/portal/account/apps"), language, problems, gallery);
            visit(new Page("account-activity", "/realms/portal/account/activity"), language, problems, gallery);
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
        assertThat(problems).as("axe-core serious/critical violations").isEmpty();
    }

    @Test
    void theAccessibilityCheckDoesFindProblems() {
        // Guards the check above against passing vacuously: a field without a label is a critical violation.
        browser.get("data:text/html,<html lang=en><head><title>t</title></head><body><main>"
                + "<input type=text></main></body></html>");
        assertThat(axe("broken page")).anyMatch(v -> v.contains("label"));
    }

    private void signIn() {
        browser.get(server.baseUrl() + "/realms/portal/login");
        browser.findElement(By.id("email")).sendKeys("alice@example.org");
        browser.findElement(By.id("password")).sendKeys("Correct-Horse-Battery-42");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    private void signInAsStaff() {
        browser.manage().deleteAllCookies();
        browser.get(server.baseUrl() + "/realms/admin/login");
        browser.findElement(By.id("email")).sendKeys("helpdesk@example.org");
        browser.findElement(By.id("password")).sendKeys("Helpdesk-Staff-Password-42");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        String key = browser.findElement(By.id("totp-key")).getText().replace(" ", "");
        var totp = new nl.toegang.mfa.totp.Totp(nl.toegang.mfa.totp.TotpParameters.DEFAULT);
        String code = totp.code(nl.toegang.mfa.totp.Base32.decode(key), totp.timeStep(java.time.Instant.now()));
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    private void visit(Page page, String language, List<String> problems, List<String> gallery) throws IOException {
        for (Width width : WIDTHS) {
            browser.manage().window().setSize(width.size());
            browser.get(server.baseUrl() + page.path());
            String file = page.name() + "-" + language + "-" + width.name() + ".png";
            Files.write(SCREENS.resolve(file), browser.getScreenshotAs(OutputType.BYTES));
            gallery.add("| " + page.name() + " | " + language + " | " + width.name() + " | ![" + page.name()
                    + "](screens/" + file + ") |");
            if (width.name().equals("desktop")) {
                problems.addAll(axe(page.name() + " (" + language + ")"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> axe(String label) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.executeScript(axe);
        Object result = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                       .map(v => v.id + ': ' + v.help + ' [' + v.nodes.map(n => n.target.join(' ')).join(', ') + ']')))
                   .catch(e => done(['axe failed: ' + e]));
                """);
        List<String> found = new ArrayList<>();
        for (Object violation : (List<Object>) result) {
            found.add(label + ": " + violation);
        }
        return found;
    }

    private static void writeGallery(List<String> rows) throws IOException {
        Files.writeString(Path.of("docs/screens.md"), "# Screens\n\n"
                + "Every user-facing page in Dutch and English at a phone (390 px) and a desktop (1280 px) width, as the\n"
                + "browser tests see them (`PageGalleryTest` regenerates these files on every run and checks each page\n"
                + "with axe-core). For reviewers and translators: look instead of read.\n\n"
                + "| Page | Language | Width | Screenshot |\n|---|---|---|---|\n" + String.join("\n", rows) + "\n");
    }
}
