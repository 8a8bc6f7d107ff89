package nl.toegang.browser;

import nl.toegang.testsupport.MutableClock;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock notice as a person sees it in Chromium: announced by the failure that locks, with its end in Dutch local
 * time, kept on a reload and across a language switch, naming the ways out with a working reset link, and free of
 * accessibility violations. An unknown address, driven through the same steps at the same moments in a second
 * browser, sees exactly the same text (no account enumeration).
 */
class LockoutNoticeBrowserTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";
    static final Duration LOCK = Duration.ofMinutes(5);
    static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm")
            .withZone(ZoneId.of("Europe/Amsterdam"));

    @TempDir
    static Path temp;
    static TestServer server;
    static MutableClock clock;
    static Axe axe;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        StringBuilder users = new StringBuilder();
        for (String user : new String[]{"alice@example.org", "bob@example.org"}) {
            users.append("""
                      - email: %s
                        password: %s
                        name: Someone
                        emailVerified: true
                    """.formatted(user, PASSWORD));
        }
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                texts:
                  support:
                    nl: Bel de helpdesk op 0800 1234 (werkdagen 8-17 uur).
                    en: Call the helpdesk on 0800 1234 (weekdays 8-17).
                settings:
                  lockout:
                    freeFailures: 2
                    maxDelay: 4s
                    failuresPerLockout: 5
                    lockoutWaits: [%dm, 15m]
                    permanentDisableAt: 12
                    ipFailuresPerWindow: 1000
                    ipAccountsPerWindow: 1000
                users:
                """.formatted(LOCK.toMinutes()) + users);
        clock = new MutableClock(Instant.now());
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(clock).start();
        axe = new Axe();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @ParameterizedTest
    @CsvSource({"en, 390, alice@example.org, nl", "nl, 1280, bob@example.org, en"})
    void theFailureThatLocksSaysUntilWhenAndTheNoticeStaysOnReloadAndInTheOtherLanguage(
            String language, int width, String known, String other) {
        String unknown = "nobody-" + language + "@example.org";
        ChromeDriver a = Chromium.start();
        ChromeDriver b = Chromium.start();
        try {
            for (ChromeDriver browser : new ChromeDriver[]{a, b}) {
                browser.manage().window().setSize(new Dimension(width, 900));
                browser.get(server.baseUrl() + "/realms/portal/login?lang=" + language);
            }
            for (int i = 1; i <= 5; i++) {
                clock.advance(Duration.ofSeconds(5));
                signIn(a, known, "wrong-password-" + i);
                signIn(b, unknown, "wrong-password-" + i);
                if (i < 5) {
                    assertThat(a.findElements(By.id("login-locked"))).as("failure %d does not lock", i).isEmpty();
                    assertThat(a.findElement(By.id("login-error")).isDisplayed()).isTrue();
                }
                assertThat(text(b)).as("failure %d: unknown address and account look alike", i).isEqualTo(text(a));
            }
            Instant lockEnd = clock.instant().plus(LOCK);
            // With the date when the lock ends after midnight (Amsterdam), as the page says it then.
            boolean today = lockEnd.atZone(ZoneId.of("Europe/Amsterdam")).toLocalDate()
                    .equals(clock.instant().atZone(ZoneId.of("Europe/Amsterdam")).toLocalDate());
            String end = (today ? CLOCK_TIME : DateTimeFormatter.ofPattern("d MMMM HH:mm",
                    java.util.Locale.forLanguageTag(language)).withZone(ZoneId.of("Europe/Amsterdam")))
                    .format(lockEnd);
            String notice = a.findElement(By.id("login-locked")).getText();
            assertThat(notice).as("announced by the failure that locks").contains(untilText(language, end))
                    .contains(language.equals("en") ? "Choose a new password" : "Een nieuw wachtwoord instellen")
                    .contains(language.equals("en") ? "A different browser where you signed in"
                            : "Een andere browser waarin u")
                    .contains(language.equals("en") ? "The helpdesk can unlock your account"
                            : "De helpdesk kan uw account deblokkeren")
                    .contains("0800 1234");
            assertThat(axe.violations(a, "lock notice " + language)).isEmpty();

            clock.advance(Duration.ofSeconds(30));
            a.navigate().refresh();
            b.navigate().refresh();
            assertThat(a.findElement(By.id("login-locked")).getText()).as("a reload keeps it, same end")
                    .contains(untilText(language, end));
            assertThat(text(b)).isEqualTo(text(a));

            for (ChromeDriver browser : new ChromeDriver[]{a, b}) {
                WebElement switchLink = browser.findElement(By.cssSelector("nav.lang a[hreflang='" + other + "']"));
                switchLink.click();
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(Chromium.nextPageLoaded(switchLink));
            }
            assertThat(a.findElement(By.id("login-locked")).getText()).as("the other language keeps it, same end")
                    .contains(untilText(other, end));
            assertThat(text(b)).isEqualTo(text(a));
            assertThat(axe.violations(a, "lock notice " + other)).isEmpty();

            WebElement reset = a.findElement(By.id("lockout-reset"));
            reset.click();
            new WebDriverWait(a, Duration.ofSeconds(10)).until(Chromium.nextPageLoaded(reset));
            assertThat(a.getCurrentUrl()).contains("/realms/portal/forgot");
            assertThat(a.findElement(By.id("email")).isDisplayed()).as("the reset form").isTrue();
        } finally {
            a.quit();
            b.quit();
        }
    }

    private static String untilText(String language, String end) {
        return language.equals("en") ? "Signing in with a password is blocked until " + end + " (Dutch time)."
                : "Inloggen met een wachtwoord is geblokkeerd tot " + end + " uur.";
    }

    private static void signIn(ChromeDriver browser, String email, String password) {
        WebElement emailField = browser.findElement(By.id("email"));
        emailField.clear();
        emailField.sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement submit = browser.findElement(By.cssSelector("form button[type='submit']"));
        submit.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(Chromium.nextPageLoaded(submit));
    }

    /** What the person reads (the typed address is in a field's value, not in the text). */
    private static String text(ChromeDriver browser) {
        return browser.findElement(By.tagName("main")).getText().replaceAll("\\s+", " ").strip();
    }
}
