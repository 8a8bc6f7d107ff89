package nl.toegang.browser;

import nl.toegang.testsupport.FreePort;
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
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream provider on the login page as a person sees it, in Chromium: its own choice with the realm's words,
 * between DigiD and email, first once chosen; and the page that says the provider cannot be reached, with the way
 * back. Without DigiD the page still asks how to sign in. Axe on each.
 */
class UpstreamChoiceBrowserTest {
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
        // The provider is never reached from the login page; an address nobody listens on shows the outage page.
        String upstream = """
                upstreams:
                  - id: partner
                    type: oidc
                    displayName: {nl: Partner, en: Partner}
                    who: {nl: Voor medewerkers van Partner., en: For Partner staff.}
                    issuer: http://127.0.0.1:%d
                    clientId: toegang
                    clientSecret: upstream-s3cr3t-for-tests-0123456789abcdef
                """.formatted(FreePort.find());
        Files.writeString(realms.resolve("mixed.yaml"), """
                name: mixed
                displayName: Gemengd
                digid: {mock: true}
                """ + upstream);
        Files.writeString(realms.resolve("partners.yaml"), """
                name: partners
                displayName: Partners
                """ + upstream);
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

    void show(String url, Dimension size) {
        browser.manage().window().setSize(size);
        browser.get(url);
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                .until(d -> "complete".equals(browser.executeScript("return document.readyState")));
    }

    int top(String id) {
        return browser.findElement(By.id(id)).getRect().getY();
    }

    @Test
    void thePartnerIsItsOwnChoiceBetweenDigidAndEmailAndFirstOnceChosen() {
        for (String language : List.of("en", "nl")) {
            browser.manage().deleteAllCookies();
            show(server.issuer("mixed") + "/login?lang=" + language, PHONE);
            assertThat(top("choice-digid")).as("DigiD first (" + language + ")")
                    .isLessThan(top("choice-upstream-partner"));
            assertThat(top("choice-upstream-partner")).as("then the partner").isLessThan(top("choice-email"));
            assertThat(browser.findElement(By.id("choice-upstream-partner")).getText())
                    .contains(language.equals("en") ? "Sign in with Partner" : "Inloggen met Partner")
                    .contains(language.equals("en") ? "For Partner staff." : "Voor medewerkers van Partner.");
            assertThat(axe.violations(browser, "upstream choice phone " + language)).isEmpty();
        }
        show(server.issuer("mixed") + "/login?lang=en", DESKTOP);
        Rectangle digid = browser.findElement(By.id("choice-digid")).getRect();
        Rectangle partner = browser.findElement(By.id("choice-upstream-partner")).getRect();
        assertThat(digid.getY()).as("side by side on a desktop").isEqualTo(partner.getY());
        assertThat(digid.getX() + digid.getWidth()).isLessThanOrEqualTo(partner.getX());
        assertThat(axe.violations(browser, "upstream choice desktop")).isEmpty();

        browser.findElement(By.id("upstream-login-partner")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Partner cannot be reached");
        assertThat(browser.findElement(By.id("upstream-back")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("upstream-retry")).getDomAttribute("href"))
                .endsWith("/realms/mixed/upstream/partner/start");
        assertThat(axe.violations(browser, "upstream unavailable")).isEmpty();

        show(server.issuer("mixed") + "/login?lang=en", PHONE);
        assertThat(top("choice-upstream-partner")).as("the partner first after choosing it")
                .isLessThan(top("choice-digid"));
    }

    @Test
    void withoutDigidThePageStillAsksHowToSignIn() {
        show(server.issuer("partners") + "/login?lang=en", DESKTOP);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("How do you want to sign in?");
        assertThat(browser.findElements(By.id("choice-digid"))).isEmpty();
        assertThat(browser.findElement(By.id("choice-email")).getText())
                .contains("For people with an account here").doesNotContain("DigiD");
        assertThat(axe.violations(browser, "upstream without digid")).isEmpty();
    }
}
