package nl.toegang.browser;

import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in choice as a person sees it: on a phone the DigiD route comes first and is in view without scrolling;
 * on a desktop the two routes stand side by side; the email route offers to create an account; the passkey is a
 * secondary action kept apart from "Sign in"; English says "Sign in", never "Log in". A realm without DigiD shows
 * the single email form.
 */
class ChoicePageTest {
    static final Dimension PHONE = new Dimension(390, 844);
    static final Dimension DESKTOP = new Dimension(1280, 900);

    @TempDir
    static Path temp;
    static TestServer server;
    static Axe axe;
    ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.copy(Path.of("realms/portal.yaml"), realms.resolve("portal.yaml"));
        Files.writeString(realms.resolve("plain.yaml"), """
                name: plain
                displayName: Plain
                settings:
                  defaultLocale: en
                """);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        axe = new Axe();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void open() {
        browser = Chromium.start();
    }

    @AfterEach
    void quit() {
        browser.quit();
    }

    void show(String realm, String language, Dimension size) {
        browser.manage().window().setSize(size);
        browser.get(server.issuer(realm) + "/login?lang=" + language);
        // The passkey button appears once passkey.js has run.
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                .until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    /** The layout viewport's width and height, as the page's CSS sees them. */
    @SuppressWarnings("unchecked")
    Map<String, Number> viewport() {
        return (Map<String, Number>) browser.executeScript(
                "return {width: document.documentElement.clientWidth, height: window.innerHeight};");
    }

    @Test
    void onAPhoneDigidComesFirstAndIsInViewWithoutScrolling() {
        for (String language : List.of("en", "nl")) {
            browser.manage().deleteAllCookies();
            show("portal", language, PHONE);
            WebElement digid = browser.findElement(By.id("choice-digid"));
            WebElement email = browser.findElement(By.id("choice-email"));
            assertThat(digid.getRect().getY()).as("DigiD above email (" + language + ")")
                    .isLessThan(email.getRect().getY());
            int viewportHeight = viewport().get("height").intValue();
            WebElement button = browser.findElement(By.id("digid-login"));
            assertThat(digid.getRect().getY()).as("DigiD route starts in view").isLessThan(viewportHeight);
            assertThat(button.getRect().getY() + button.getRect().getHeight())
                    .as("DigiD button in view without scrolling").isLessThanOrEqualTo(viewportHeight);
            assertThat(axe.violations(browser, "choice phone " + language)).isEmpty();
        }
    }

    @Test
    void onADesktopTheTwoRoutesStandSideBySide() {
        for (String language : List.of("en", "nl")) {
            show("portal", language, DESKTOP);
            Rectangle digid = browser.findElement(By.id("choice-digid")).getRect();
            Rectangle email = browser.findElement(By.id("choice-email")).getRect();
            assertThat(digid.getY()).as("same top").isEqualTo(email.getY());
            assertThat(digid.getX() + digid.getWidth()).as("DigiD left of email, not overlapping")
                    .isLessThanOrEqualTo(email.getX());
            // Each route explains whom it is for, in the realm's own words.
            assertThat(browser.findElement(By.id("choice-digid")).getText())
                    .contains(language.equals("en") ? "have a BSN" : "heeft u een BSN");
            assertThat(browser.findElement(By.id("choice-email")).getText())
                    .contains(language.equals("en") ? "No DigiD" : "Geen DigiD");
            assertThat(axe.violations(browser, "choice desktop " + language)).isEmpty();
        }
    }

    @Test
    void theEmailRouteOffersToCreateAnAccount() {
        for (String language : List.of("en", "nl")) {
            show("portal", language, PHONE);
            WebElement email = browser.findElement(By.id("choice-email"));
            WebElement create = email.findElement(By.id("register-link"));
            assertThat(create.isDisplayed()).isTrue();
            assertThat(create.getText()).isEqualTo(language.equals("en") ? "Create an account" : "Account aanmaken");
            assertThat(create.getDomAttribute("href")).endsWith("/realms/portal/register");
            assertThat(email.findElement(By.id("register-offer")).getText())
                    .startsWith(language.equals("en") ? "No account yet?" : "Nog geen account?");
        }
    }

    @Test
    void thePasskeyIsASecondaryActionApartFromSignIn() {
        show("portal", "en", DESKTOP);
        WebElement passkey = browser.findElement(By.id("passkey-login"));
        assertThat(passkey.isDisplayed()).as("this Chromium offers passkeys").isTrue();
        WebElement signIn = browser.findElement(By.cssSelector("form[action$='/login'] button[type=submit]"));
        assertThat(passkey.getCssValue("background-color")).as("not the primary (filled) style")
                .isNotEqualTo(signIn.getCssValue("background-color"));
        Rectangle a = signIn.getRect();
        Rectangle b = passkey.getRect();
        int verticalGap = Math.max(b.getY() - (a.getY() + a.getHeight()), a.getY() - (b.getY() + b.getHeight()));
        int horizontalGap = Math.max(b.getX() - (a.getX() + a.getWidth()), a.getX() - (b.getX() + b.getWidth()));
        assertThat(Math.max(verticalGap, horizontalGap)).as("gap between Sign in and the passkey button")
                .isGreaterThanOrEqualTo(8);
    }

    @Test
    void englishSaysSignInAndTheHelpHasNoStrayColon() {
        for (String realm : List.of("portal", "plain")) {
            browser.manage().deleteAllCookies();
            show(realm, "en", DESKTOP);
            String text = browser.findElement(By.tagName("body")).getText();
            assertThat(text).doesNotContainIgnoringCase("log in").doesNotContainIgnoringCase("login")
                    .doesNotContainIgnoringCase("log out").contains("Sign in");
            assertThat(browser.getTitle()).doesNotContainIgnoringCase("log in");
        }
        show("portal", "en", DESKTOP);
        String help = browser.findElement(By.id("support-contact")).getText();
        assertThat(help).startsWith("Need help? ").doesNotContain("?:");
        // The DigiD error and mock pages use the same verb.
        browser.get(server.issuer("portal") + "/saml/login?lang=en");
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContainIgnoringCase("log in");
        show("portal", "nl", DESKTOP);
        String dutch = browser.findElement(By.tagName("body")).getText();
        assertThat(dutch).contains("Inloggen met DigiD").contains("Hulp nodig? ").doesNotContain("?:");
    }

    @Test
    void aRealmWithoutDigidShowsTheSingleEmailForm() {
        show("plain", "en", DESKTOP);
        assertThat(browser.findElements(By.id("choice-digid"))).isEmpty();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in with your email address");
        assertThat(browser.findElement(By.id("email")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("password")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("register-link")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector(".choices, .choice"))).isEmpty();
        assertThat(axe.violations(browser, "plain login")).isEmpty();
    }
}
