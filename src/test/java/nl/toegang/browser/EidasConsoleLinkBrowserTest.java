package nl.toegang.browser;

import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linking an eID from the account console as a person clicks it in Chromium (docs/eidas.md "Linking an email account
 * to an eID"): signed in with the email account, *Link European eID to this account*, the mock node's page, and back
 * at the console with the notice and the link listed; axe on the console page with the new section.
 */
class EidasConsoleLinkBrowserTest {
    static final String PASSWORD = "Correct-Horse-Battery-42";

    @TempDir
    static Path temp;
    static TestServer server;
    static Axe axe;
    ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                settings:
                  defaultLocale: en
                users:
                  - {email: lena@example.org, password: %s, name: Lena, emailVerified: true}
                upstreams:
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    eidas: {spType: public, mock: true}
                    linking: console
                """.formatted(PASSWORD));
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

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @Test
    void aPersonLinksTheirEidFromTheConsole() {
        browser.get(server.issuer("portal") + "/account");
        WebElement password = waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("input[type=password][autocomplete=current-password]")));
        WebElement email = browser.findElement(By.id("email"));
        if (email.isDisplayed() && email.getDomAttribute("readonly") == null) {
            email.clear();
            email.sendKeys("lena@example.org");
        }
        password.sendKeys(PASSWORD);
        WebElement form = password.findElement(By.xpath("./ancestor::form"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(Chromium.nextPageLoaded(form));
        if (browser.findElements(By.id("link-eu")).isEmpty()) {
            browser.get(server.issuer("portal") + "/account"); // a login that ended at the realm's home page
        }
        WebElement link = waiting().until(ExpectedConditions.elementToBeClickable(By.id("link-eu")));
        assertThat(link.getText()).isEqualTo("Link European eID to this account");
        assertThat(axe.violations(browser, "console with a provider to link")).isEmpty();

        link.click();
        // Our page posts the AuthnRequest to the node by itself; the node asks for a person and a level.
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("mock-eidas-form")));
        browser.findElement(By.cssSelector("input[name=person][value='BE-peeters']")).click();
        new Select(browser.findElement(By.id("level"))).selectByValue("http://eidas.europa.eu/LoA/substantial");
        browser.findElement(By.cssSelector("#mock-eidas-form button[value=login]")).click();

        WebElement notice = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(notice.getText()).contains("The link has been made");
        assertThat(browser.getCurrentUrl()).endsWith("/realms/portal/account#notice");
        assertThat(browser.findElement(By.id("linked-providers")).getText()).contains("European eID");
        assertThat(browser.findElements(By.id("link-eu"))).as("linked: no second link offered").isEmpty();
        assertThat(axe.violations(browser, "console after linking")).isEmpty();
    }
}
