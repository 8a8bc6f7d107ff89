package nl.toegang.browser;

import nl.toegang.mail.dev.DevMailbox;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a person does after a form says no: switch language, press Back, reload. Each refused form answers with a
 * redirect to its own page (post/redirect/get), so none of these asks to send the form again (Chromium's "Confirm
 * Form Resubmission", ERR_CACHE_MISS), and the page keeps what was typed and the problem, in the language chosen.
 * Checked for registration, the account console's personal details and the password reset page.
 */
class FormResubmissionBrowserTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static TestServer server;

    ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                settings:
                  defaultLocale: nl
                users:
                  - email: petra@example.org
                    password: %s
                    name: Petra Profile
                    emailVerified: true
                  - email: rob@example.org
                    password: %s
                    name: Rob Reset
                    emailVerified: true
                """.formatted(PASSWORD, PASSWORD));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of("toegang.mail.dispatch-interval", "100ms"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @Test
    void registrationRefusedThenLanguageBackAndReloadNeverAskToResubmit() {
        browser = Chromium.start();
        browser.get(server.issuer("portal") + "/register?lang=nl");
        fill(By.id("email"), "pat-at-example.org");
        fill(By.id("name"), "Pat Back");
        fill(By.id("password"), "short");
        submit(By.id("email"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("error-summary")));
        assertThat(browser.getTitle()).startsWith("Fout: ");
        assertThat(browser.getCurrentUrl()).as("the page came from a GET").contains("/register?draft=");

        switchLanguage("en");
        assertRefusedRegistration();
        assertThat(browser.getTitle()).startsWith("Error: ");

        browser.navigate().back();
        assertRefusedRegistration();
        browser.navigate().refresh();
        assertRefusedRegistration();
        browser.navigate().forward();
        assertRefusedRegistration();
    }

    /** The refused registration, in whichever language the page is now (Back may show it as it was). */
    private void assertRefusedRegistration() {
        assertNoResubmission();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("email")));
        boolean english = "en".equals(browser.findElement(By.tagName("html")).getDomAttribute("lang"));
        String emailError = english ? "Enter an email address like name@example.org."
                : "Vul een e-mailadres in zoals naam@voorbeeld.nl.";
        assertThat(browser.getTitle()).startsWith(english ? "Error: " : "Fout: ");
        assertThat(browser.findElement(By.id("email")).getDomProperty("value")).isEqualTo("pat-at-example.org");
        assertThat(browser.findElement(By.id("name")).getDomProperty("value")).isEqualTo("Pat Back");
        assertThat(browser.findElement(By.id("password")).getDomProperty("value")).as("never refilled").isEmpty();
        assertThat(browser.findElement(By.id("email-error")).getText()).isEqualTo(emailError);
        assertThat(browser.findElement(By.id("email")).getDomAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(browser.findElement(By.id("error-summary")).getText()).contains(emailError);
    }

    @Test
    void consoleDetailsRefusedThenLanguageBackAndReloadNeverAskToResubmit() {
        browser = Chromium.start();
        browser.get(server.issuer("portal") + "/account?lang=en");
        WebElement password = waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("input[type=password][autocomplete=current-password]")));
        fill(By.id("email"), "petra@example.org");
        password.sendKeys(PASSWORD);
        submit(By.cssSelector("input[type=password][autocomplete=current-password]"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[action$='/account/profile']")));

        fill(By.id("name"), "Petra Typed");
        fill(By.id("phone"), "call me maybe");
        submit(By.id("phone"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("phone-error")));

        switchLanguage("nl");
        assertRefusedDetails();
        assertThat(browser.getTitle()).startsWith("Fout: ");
        browser.navigate().back();
        assertRefusedDetails();
        browser.navigate().refresh();
        assertRefusedDetails();
    }

    private void assertRefusedDetails() {
        assertNoResubmission();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("phone-error")));
        boolean english = "en".equals(browser.findElement(By.tagName("html")).getDomAttribute("lang"));
        assertThat(browser.getTitle()).startsWith(english ? "Error: " : "Fout: ");
        assertThat(browser.findElement(By.id("phone")).getDomProperty("value")).isEqualTo("call me maybe");
        assertThat(browser.findElement(By.id("name")).getDomProperty("value")).isEqualTo("Petra Typed");
        assertThat(browser.findElement(By.id("phone")).getDomAttribute("aria-describedby"))
                .isEqualTo("phone-hint phone-error");
        assertThat(browser.findElement(By.id("error-summary")).findElements(By.cssSelector("a[href='#phone']")))
                .hasSize(1);
        assertThat(browser.findElement(By.id("phone-error")).getText())
                .isEqualTo(browser.findElement(By.id("error-summary")).findElement(By.cssSelector("a")).getText());
    }

    @Test
    void resetRefusedThenLanguageBackAndReloadNeverAskToResubmit() {
        browser = Chromium.start();
        browser.get(server.issuer("portal") + "/forgot?lang=en");
        fill(By.id("email"), "rob@example.org");
        submit(By.id("email"));
        waiting().until(ExpectedConditions.urlContains("/forgot/sent"));
        browser.get(mailedLink("rob@example.org"));
        fill(By.id("password"), "short");
        submit(By.id("password"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("password-feedback")));
        assertThat(browser.getCurrentUrl()).contains("/reset?token=").contains("draft=");

        switchLanguage("nl");
        assertRefusedReset();
        assertThat(browser.getTitle()).startsWith("Fout: ");
        browser.navigate().back();
        assertRefusedReset();
        browser.navigate().refresh();
        assertRefusedReset();
    }

    private void assertRefusedReset() {
        assertNoResubmission();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("password-feedback")));
        boolean english = "en".equals(browser.findElement(By.tagName("html")).getDomAttribute("lang"));
        assertThat(browser.getTitle()).startsWith(english ? "Error: " : "Fout: ");
        assertThat(browser.findElement(By.id("password-feedback")).getText())
                .contains(english ? "Your password is too short" : "Uw wachtwoord is te kort");
        assertThat(browser.findElement(By.id("password")).getDomProperty("value")).isEmpty();
        assertThat(browser.findElement(By.id("password")).getDomAttribute("aria-describedby"))
                .isEqualTo("password-hint password-feedback");
    }

    /** Not Chromium's own page for a POST it would have to send again, and no dialog asking to. */
    private void assertNoResubmission() {
        try {
            String text = browser.switchTo().alert().getText();
            throw new AssertionError("the browser asked: " + text);
        } catch (NoAlertPresentException expected) {
            // nothing asked
        }
        waiting().until(d -> "complete".equals(browser.executeScript("return document.readyState")));
        String page = browser.getPageSource();
        assertThat(page).doesNotContain("ERR_CACHE_MISS").doesNotContain("Confirm Form Resubmission")
                .doesNotContain("main-frame-error");
        assertThat(browser.findElements(By.cssSelector("form[method=post]"))).as("our form, not an error page")
                .isNotEmpty();
    }

    private void switchLanguage(String language) {
        WebElement link = browser.findElement(By.cssSelector("nav.lang a[lang=" + language + "]"));
        link.click();
        waiting().until(Chromium.nextPageLoaded(link));
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo(language);
    }

    private void fill(By field, String value) {
        WebElement element = waiting().until(ExpectedConditions.visibilityOfElementLocated(field));
        element.clear();
        element.sendKeys(value);
    }

    /** Clicks the submit button of the form around {@code field} and waits for the next page. */
    private void submit(By field) {
        WebElement form = browser.findElement(field).findElement(By.xpath("./ancestor::form"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(Chromium.nextPageLoaded(form));
    }

    /** The reset link in the newest mail to {@code to}, waiting for the outbox to deliver it. */
    static String mailedLink(String to) {
        DevMailbox mailbox = server.bean(DevMailbox.class);
        Pattern link = Pattern.compile("https?://\\S+/reset\\?token=[^\\s\"<]+");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            var found = mailbox.latestTo(to).map(m -> link.matcher(m.text())).filter(Matcher::find);
            if (found.isPresent()) {
                return found.get().group();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no reset link mailed to " + to);
    }
}
