package nl.toegang.browser;

import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.RealmYaml;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realm in maintenance, started through the admin API, seen by a person in Chromium who comes from a portal: the
 * maintenance page with the realm's message and the expected end in Amsterdam time, in Dutch and English, a link to
 * the status page, and a way back to the portal that the portal receives as {@code temporarily_unavailable} with
 * its state. A tampered redirect URI gets no way back; the account console shows the same page.
 */
class MaintenanceBrowserTest {
    static final String ADMIN_SECRET = "admin-secret-for-tests-0123456789abcdef";
    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final Map<String, String> MESSAGE = Map.of("nl", "Wij vernieuwen de inlogdienst.",
            "en", "We are renewing the sign-in service.");
    static final Map<String, String> SUPPORT = Map.of("nl", "Bel de helpdesk op 088 123 4567.",
            "en", "Call the helpdesk on +31 88 123 4567.");

    @TempDir
    static Path temp;
    static TestServer server;
    static PortalCallbackStub portalStub;
    static OidcTestClient portal;
    static Instant until;
    static Axe axe;
    final List<ChromeDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        portalStub = PortalCallbackStub.start();
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Mijn Portaal
                clients:
                  - clientId: parking
                    name: Parkeervergunningen
                    type: public
                    redirectUris: [%s]
                    scopes: [openid, profile, email]
                digid:
                  mock: true
                texts:
                  support:
                    nl: %s
                    en: %s
                """.formatted(portalStub.redirectUri(), SUPPORT.get("nl"), SUPPORT.get("en")));
        RealmYaml.writeAdminRealm(realms, ADMIN_SECRET);
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
        portal = new OidcTestClient(server.issuer("portal"), "parking", null, portalStub.redirectUri());
        axe = new Axe();

        until = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        String token = OidcTestClient.json(new OidcTestClient(server.issuer("admin"), "ops", ADMIN_SECRET, null)
                .tokenRequest(Map.of("grant_type", "client_credentials")).body()).get("access_token").asString();
        var started = new Browser().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/admin/realms/portal/maintenance"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"messageNl\":\"%s\",\"messageEn\":\"%s\",\"until\":\"%s\","
                        .formatted(MESSAGE.get("nl"), MESSAGE.get("en"), until) + "\"reason\":\"upgrade\"}"))
                .build());
        assertThat(started.statusCode()).isEqualTo(200);
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

    ChromeDriver browser() {
        ChromeDriver driver = Chromium.start();
        drivers.add(driver);
        return driver;
    }

    /** The expected end as the page must say it: Amsterdam wall-clock time, with the day when it is not today. */
    static String expectedEnd(String language) {
        Locale locale = Locale.forLanguageTag(language);
        var local = until.atZone(AMSTERDAM);
        String time = DateTimeFormatter.ofPattern("HH:mm").format(local);
        String when = local.toLocalDate().equals(LocalDate.now(AMSTERDAM)) ? time
                : DateTimeFormatter.ofPattern("EEEE d MMMM", locale).format(local) + " " + time;
        return "nl".equals(language) ? "tot " + when + " uur" : "until " + when;
    }

    static String other(String language) {
        return "nl".equals(language) ? "en" : "nl";
    }

    @ParameterizedTest
    @ValueSource(strings = {"nl", "en"})
    void aPersonFromAPortalSeesTheMaintenanceAndGoesBackToThePortal(String language) {
        ChromeDriver browser = browser();
        List<String> violations = new ArrayList<>();
        browser.get(server.issuer("portal") + "/login?lang=" + language);
        browser.get(portal.authorizationUrl(portal.authorizationParams(OidcTestClient.Pkce.create(),
                "portal-state-" + language, "n")));

        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/realms/portal/maintenance");
        assertMaintenancePage(browser, language);
        String back = browser.findElement(By.id("maintenance-back")).getAttribute("href");
        assertThat(browser.findElement(By.id("maintenance-back")).getText())
                .isEqualTo(("nl".equals(language) ? "Terug naar " : "Back to ") + "Parkeervergunningen");
        violations.addAll(axe.violations(browser, "maintenance " + language));

        // The language switch keeps the way back.
        click(browser, browser.findElement(By.cssSelector("nav.lang a[hreflang=" + other(language) + "]")));
        assertMaintenancePage(browser, other(language));
        assertThat(browser.findElement(By.id("maintenance-back")).getAttribute("href")).isEqualTo(back);
        click(browser, browser.findElement(By.cssSelector("nav.lang a[hreflang=" + language + "]")));

        // The status page: every route paused, when it was checked (Amsterdam time), the helpdesk.
        click(browser, browser.findElement(By.id("status-link")));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/realms/portal/status");
        for (String route : List.of("email", "digid", "console")) {
            assertThat(browser.findElement(By.id("route-" + route)).getAttribute("data-state")).as(route)
                    .isEqualTo("paused");
            assertThat(browser.findElement(By.id("route-" + route)).getText()).as(route)
                    .isEqualTo("nl".equals(language) ? "gepauzeerd voor onderhoud" : "paused for maintenance");
        }
        assertThat(browser.findElement(By.id("status-summary")).getText())
                .isEqualTo("nl".equals(language) ? "Inloggen is gepauzeerd voor onderhoud."
                        : "Signing in is paused for maintenance.");
        WebElement checked = browser.findElement(By.cssSelector("#status-checked time"));
        Instant checkedAt = Instant.parse(checked.getAttribute("datetime"));
        assertThat(checkedAt).isBetween(Instant.now().minusSeconds(120), Instant.now());
        assertThat(checked.getText()).endsWith(DateTimeFormatter.ofPattern("HH:mm:ss")
                .format(checkedAt.atZone(AMSTERDAM)));
        assertThat(browser.findElement(By.id("status-maintenance-until")).getText()).contains(expectedEnd(language));
        assertThat(browser.findElement(By.id("support-contact")).getText()).contains(SUPPORT.get(language));
        violations.addAll(axe.violations(browser, "status " + language));
        browser.navigate().back();

        click(browser, browser.findElement(By.id("maintenance-back")));
        assertThat(browser.getCurrentUrl()).startsWith(portalStub.redirectUri() + "?");
        assertThat(Browser.queryParams(browser.getCurrentUrl()))
                .containsEntry("error", "temporarily_unavailable")
                .containsEntry("state", "portal-state-" + language)
                .containsEntry("iss", server.issuer("portal"))
                .doesNotContainKey("code");
        assertThat(violations).as("axe-core serious/critical violations").isEmpty();
    }

    @Test
    void aTamperedRedirectUriGetsThePageWithoutAWayBack() {
        ChromeDriver browser = browser();
        browser.get(server.issuer("portal") + "/login?lang=en");
        var params = new java.util.LinkedHashMap<>(portal.authorizationParams(OidcTestClient.Pkce.create(), "s", "n"));
        params.put("redirect_uri", "https://evil.example/cb");
        browser.get(portal.authorizationUrl(params));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/realms/portal/maintenance");
        assertMaintenancePage(browser, "en");
        assertThat(browser.findElements(By.id("maintenance-back"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("a[href*='evil']"))).isEmpty();

        browser.get(server.issuer("portal") + "/maintenance?client_id=parking&redirect_uri="
                + Browser.enc("https://evil.example/cb") + "&state=s");
        assertMaintenancePage(browser, "en");
        assertThat(browser.findElements(By.id("maintenance-back"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("a[href*='evil']"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nl", "en"})
    void theAccountConsoleShowsTheMaintenance(String language) {
        ChromeDriver browser = browser();
        browser.get(server.issuer("portal") + "/login?lang=" + language);
        browser.get(server.issuer("portal") + "/account");
        assertMaintenancePage(browser, language);
        assertThat(browser.findElements(By.id("maintenance-back"))).as("its way back is this page").isEmpty();

        // A console sign-in refused for maintenance while it was in flight ends on the same page.
        browser.get(server.issuer("portal") + "/account/callback?error=temporarily_unavailable&state=old");
        assertMaintenancePage(browser, language);
    }

    @Test
    void aProgramStillGetsTheProtocolError() {
        var response = new Browser().get(portal.authorizationUrl(portal.authorizationParams(
                OidcTestClient.Pkce.create(), "st", "n")), Map.of("Accept", "application/json"));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response)).startsWith(portalStub.redirectUri() + "?");
        assertThat(Browser.queryParams(Browser.location(response))).containsEntry("error", "temporarily_unavailable")
                .containsEntry("state", "st");
    }

    static void assertMaintenancePage(ChromeDriver browser, String language) {
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
        assertThat(browser.findElement(By.id("maintenance-message")).getText()).isEqualTo(MESSAGE.get(language));
        assertThat(browser.findElement(By.id("maintenance-until")).getText()).contains(expectedEnd(language));
        assertThat(browser.findElement(By.id("status-link")).getAttribute("href"))
                .isEqualTo(server.issuer("portal") + "/status");
        assertThat(browser.findElement(By.id("support-contact")).getText()).contains(SUPPORT.get(language));
    }

    static void click(ChromeDriver browser, WebElement link) {
        link.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(Chromium.nextPageLoaded(link));
    }
}
