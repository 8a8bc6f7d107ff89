package nl.toegang.browser;

import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typing a password: a Show/Hide button (aria-pressed) on the login and registration password fields, and a polite
 * "Caps Lock is on" hint while Caps Lock is on. Both come from a script; without JavaScript the field is a plain
 * password field and neither is there.
 */
class PasswordFieldBrowserTest {
    @TempDir
    static Path temp;
    static TestServer server;
    final List<ChromeDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.embedded(temp.resolve("data"), Path.of("realms"), Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void quit() {
        drivers.forEach(ChromeDriver::quit);
    }

    ChromeDriver browser(java.util.function.Consumer<org.openqa.selenium.chrome.ChromeOptions> options) {
        ChromeDriver driver = Chromium.start(options);
        drivers.add(driver);
        return driver;
    }

    void open(ChromeDriver browser, String path) {
        browser.get(server.issuer("portal") + path);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    @Test
    void showAndHideThePasswordInBothLanguages() {
        ChromeDriver browser = browser(o -> { });
        for (String[] page : List.of(new String[]{"/login?lang=en", "password", "Show", "Hide"},
                new String[]{"/login?lang=nl", "password", "Tonen", "Verbergen"},
                new String[]{"/register?lang=en", "password", "Show", "Hide"})) {
            open(browser, page[0]);
            WebElement field = browser.findElement(By.id(page[1]));
            field.sendKeys("Correct-Horse");
            WebElement toggle = browser.findElement(By.id(page[1] + "-toggle"));
            assertThat(toggle.getDomAttribute("type")).isEqualTo("button");
            assertThat(toggle.getText()).isEqualTo(page[2]);
            assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("false");
            assertThat(toggle.getDomAttribute("aria-controls")).isEqualTo(page[1]);

            toggle.click();
            assertThat(field.getDomProperty("type")).as(page[0]).isEqualTo("text");
            assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("true");
            assertThat(toggle.getText()).isEqualTo(page[3]);
            assertThat(field.getDomProperty("value")).isEqualTo("Correct-Horse");

            toggle.click();
            assertThat(field.getDomProperty("type")).isEqualTo("password");
            assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("false");
        }
    }

    @Test
    void aShownPasswordIsSentAsAPasswordFieldAgain() {
        ChromeDriver browser = browser(o -> { });
        open(browser, "/login?lang=en");
        browser.findElement(By.id("email")).sendKeys("alice@example.org");
        browser.findElement(By.id("password")).sendKeys("wrong-password-here");
        browser.findElement(By.id("password-toggle")).click();
        // The submit handler runs before the page goes: look at the field from inside it.
        Object typeAtSubmit = browser.executeScript("""
                const field = document.getElementById('password');
                let seen = null;
                field.form.addEventListener('submit', e => { seen = field.type; e.preventDefault(); });
                field.form.requestSubmit();
                return seen;
                """);
        assertThat(typeAtSubmit).isEqualTo("password");
    }

    @Test
    void capsLockOnShowsAPoliteHintThatGoesWhenItIsOff() {
        ChromeDriver browser = browser(o -> { });
        for (String[] page : List.of(new String[]{"/login?lang=en", "Caps Lock is on"},
                new String[]{"/login?lang=nl", "Caps Lock staat aan"},
                new String[]{"/register?lang=en", "Caps Lock is on"})) {
            open(browser, page[0]);
            WebElement field = browser.findElement(By.id("password"));
            field.click();
            WebElement hint = browser.findElement(By.id("password-caps"));
            assertThat(hint.getDomAttribute("aria-live")).isEqualTo("polite");
            assertThat(hint.isDisplayed()).isFalse();

            key(browser, true);
            assertThat(hint.isDisplayed()).isTrue();
            assertThat(hint.getText()).isEqualTo(page[1]);

            key(browser, false);
            assertThat(hint.getText()).isEmpty();
            assertThat(hint.isDisplayed()).isFalse();
        }
    }

    /** A key press in the password field with Caps Lock on or off (what the keyboard reports in the event). */
    static void key(ChromeDriver browser, boolean capsLock) {
        browser.executeScript("""
                const field = document.getElementById('password');
                field.dispatchEvent(new KeyboardEvent('keyup', {key: 'a', bubbles: true, modifierCapsLock: arguments[0]}));
                """, capsLock);
    }

    @Test
    void withoutJavaScriptTheFieldIsAPlainPasswordField() {
        ChromeDriver browser = browser(o -> o.setExperimentalOption("prefs",
                Map.of("profile.managed_default_content_settings.javascript", 2)));
        open(browser, "/login?lang=en");
        assertThat(browser.findElement(By.id("password")).getDomAttribute("type")).isEqualTo("password");
        assertThat(browser.findElements(By.id("password-toggle"))).isEmpty();
        assertThat(browser.findElements(By.id("password-caps"))).isEmpty();
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Caps Lock").doesNotContain("Show");
    }
}
