package nl.toegang.browser;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.DigidTestRealm;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static nl.toegang.testsupport.DigidTestRealm.BSN;
import static nl.toegang.testsupport.DigidTestRealm.SUBSTANTIAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resident's DigiD login in a real Chromium: portal → Toegang's login choice → the built-in mock DigiD (test BSN,
 * level Substantieel) → back through the artifact ACS, where Toegang resolves the artifact over SOAP with mutual TLS
 * → the portal's callback with a code. The portal then redeems the code like a relying party would.
 */
class DigidBrowserLoginTest {
    static final String PSEUDONYM = "urn:nl-eid-gdi:1.0:id:Pseudonym";
    /** The portal's callback, a stub this test holds open for its whole run, so no other server can take the port. */
    static PortalCallbackStub portalStub;
    static String redirect;

    @TempDir
    static Path temp;
    static TestServer server;
    static DigidTestRealm realm;
    final List<ChromeDriver> drivers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        portalStub = PortalCallbackStub.start();
        redirect = portalStub.redirectUri();
        realm = DigidTestRealm.write(temp.resolve("realms"), redirect);
        server = TestServer.embedded(temp.resolve("data"), realm.realmsDir(), Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        portalStub.close();
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

    @Test
    void residentLogsInAtSubstantieelAndOnlyTheEligibleClientGetsTheBsnInAnEncryptedIdToken() throws Exception {
        // The eligible client: the BSN only inside a JWE to its registered key.
        OidcTestClient tax = realm.client(server, "tax");
        var taxPkce = OidcTestClient.Pkce.create();
        ChromeDriver first = browser();
        toMockDigid(first, tax, taxPkce, "openid bsn");
        String taxCode = loginAtMock(first, "SUBSTANTIEEL");
        Map<String, String> taxTokens = redeem(tax, taxCode, taxPkce);

        String encrypted = taxTokens.get("id_token");
        assertThat(encrypted.split("\\.", -1)).as("a JWE in compact form has five parts").hasSize(5);
        JWEObject jwe = JWEObject.parse(encrypted);
        assertThat(jwe.getHeader().getAlgorithm()).as("the key names no alg: RSA-OAEP").isEqualTo(JWEAlgorithm.RSA_OAEP);
        assertThat(jwe.getHeader().getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
        jwe.decrypt(new RSADecrypter(realm.encryptionKey()));
        JWTClaimsSet taxClaims = tax.verify(jwe.getPayload().toString());
        assertThat(taxClaims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(taxClaims.getClaim("bsn")).isEqualTo(BSN);
        assertThat(taxClaims.getClaim("sub_id_type")).isEqualTo(PSEUDONYM);
        assertThat(taxClaims.getSubject()).as("sub is a pseudonym, not the BSN").doesNotContain(BSN);
        assertThat(taxClaims.getAudience()).containsExactly("tax");
        assertThat(taxTokens.get("access_token")).doesNotContain(BSN);
        assertThat(userinfo(taxTokens)).doesNotContain(BSN);

        // A client that asks for the bsn scope but is not eligible: same resident, never the BSN.
        OidcTestClient rp = realm.client(server, "rp");
        var rpPkce = OidcTestClient.Pkce.create();
        ChromeDriver second = browser();
        toMockDigid(second, rp, rpPkce, "openid bsn");
        String rpCode = loginAtMock(second, "SUBSTANTIEEL");
        Map<String, String> rpTokens = redeem(rp, rpCode, rpPkce);

        String idToken = rpTokens.get("id_token");
        assertThat(idToken.split("\\.", -1)).as("a plain signed JWT").hasSize(3);
        assertThat(decodedPayload(idToken)).doesNotContain(BSN);
        JWTClaimsSet rpClaims = rp.verify(idToken);
        assertThat(rpClaims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(rpClaims.getClaim("bsn")).isNull();
        assertThat(rpClaims.getClaim("sub_id_type")).isEqualTo(PSEUDONYM);
        assertThat(rpClaims.getSubject()).as("pairwise: another client sees another sub for the same BSN")
                .isNotEqualTo(taxClaims.getSubject()).doesNotContain(BSN);
        assertThat(rpTokens.get("access_token")).doesNotContain(BSN);
        assertThat(userinfo(rpTokens)).contains(rpClaims.getSubject()).doesNotContain(BSN);
    }

    @Test
    void residentWhoCancelsAtDigidSeesAFriendlyPageWithRetryAndThePortalGetsAccessDenied() {
        OidcTestClient rp = realm.client(server, "rp");
        ChromeDriver browser = browser();
        toMockDigid(browser, rp, OidcTestClient.Pkce.create(), "openid");
        browser.findElement(By.cssSelector("button[name=action][value=cancel]")).click();
        assertCancelledPage(browser);

        // Retry goes back to DigiD for the same portal request; cancelling again offers the same way out.
        browser.findElement(By.id("digid-retry")).click();
        waitFor(browser, server.baseUrl() + "/mock-digid/sso");
        browser.findElement(By.cssSelector("button[name=action][value=cancel]")).click();
        assertCancelledPage(browser);

        browser.findElement(By.id("digid-back")).click();
        waitFor(browser, redirect + "?");
        Map<String, String> result = Browser.queryParams(browser.getCurrentUrl());
        assertThat(result).containsEntry("error", "access_denied").containsEntry("state", "state-1")
                .containsEntry("iss", server.issuer("portal")).doesNotContainKey("code");

        // No session was made: a new request from the portal lands on the login page again.
        Map<String, String> again = new LinkedHashMap<>(rp.authorizationParams(OidcTestClient.Pkce.create(),
                "state-2", "nonce-2"));
        again.put("scope", "openid");
        browser.get(rp.authorizationUrl(again));
        // A first visit sends no cookies, so the login URL also carries the request itself (?resume=...).
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/realms/portal/login");
        assertThat(browser.findElements(By.id("digid-login"))).hasSize(1);
    }

    /** From the portal through Toegang's login choice to the mock DigiD's page, asking for Substantieel. */
    static void toMockDigid(ChromeDriver browser, OidcTestClient client, OidcTestClient.Pkce pkce, String scope) {
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(pkce, "state-1", "nonce-1"));
        params.put("scope", scope);
        params.put("acr_values", SUBSTANTIAL);
        browser.get(client.authorizationUrl(params));
        // A first visit sends no cookies, so the login URL also carries the request itself (?resume=...).
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/realms/portal/login");
        assertNoErrorPage(browser);
        browser.findElement(By.id("digid-login")).click();
        waitFor(browser, server.baseUrl() + "/mock-digid/sso");
        assertNoErrorPage(browser);
        assertThat(browser.findElement(By.id("requested-level")).getText()).isEqualTo("SUBSTANTIEEL");
    }

    /** Picks the test BSN and {@code level} at the mock and logs in; returns the code the portal received. */
    static String loginAtMock(ChromeDriver browser, String level) {
        new Select(browser.findElement(By.id("bsn"))).selectByValue(BSN);
        new Select(browser.findElement(By.id("level"))).selectByValue(level);
        browser.findElement(By.cssSelector("button[name=action][value=login]")).click();
        waitFor(browser, redirect + "?");
        Map<String, String> result = Browser.queryParams(browser.getCurrentUrl());
        assertThat(browser.getCurrentUrl()).doesNotContain(BSN);
        assertThat(result).containsEntry("state", "state-1").containsKey("code");
        return result.get("code");
    }

    static Map<String, String> redeem(OidcTestClient client, String code, OidcTestClient.Pkce pkce) {
        var response = client.redeemCode(code, pkce.verifier());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var json = OidcTestClient.json(response.body());
        return Map.of("id_token", json.get("id_token").asString(),
                "access_token", json.get("access_token").asString());
    }

    static String userinfo(Map<String, String> tokens) {
        var response = new Browser().get(server.issuer("portal") + "/userinfo",
                Map.of("Authorization", "Bearer " + tokens.get("access_token")));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    static String decodedPayload(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    static void assertCancelledPage(ChromeDriver browser) {
        waitFor(browser, server.issuer("portal") + "/saml/outcome");
        assertNoErrorPage(browser);
        assertThat(browser.findElement(By.id("digid-cancelled")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("digid-retry")).getAttribute("href"))
                .isEqualTo(server.issuer("portal") + "/saml/login");
        assertThat(browser.findElements(By.id("digid-back"))).hasSize(1);
        // The page is a GET of its own: a reload and the language switch show the same outcome, not "failed".
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("digid-cancelled"))).as("after a reload").hasSize(1);
        String other = "nl".equals(browser.findElement(By.tagName("html")).getDomAttribute("lang")) ? "en" : "nl";
        browser.findElement(By.cssSelector("nav.lang a[hreflang=" + other + "]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> other.equals(
                d.findElement(By.tagName("html")).getDomAttribute("lang")));
        assertThat(browser.getCurrentUrl()).startsWith(server.issuer("portal") + "/saml/outcome");
        assertThat(browser.findElements(By.id("digid-cancelled"))).as("in the other language").hasSize(1);
    }

    static void waitFor(ChromeDriver browser, String urlPrefix) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .withMessage(() -> "expected " + urlPrefix + " but at " + browser.getCurrentUrl() + ": "
                        + browser.findElement(By.tagName("body")).getText().replaceAll("\\s+", " "))
                .until(d -> d.getCurrentUrl().startsWith(urlPrefix)
                        && "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
    }

    static void assertNoErrorPage(ChromeDriver browser) {
        String body = browser.findElement(By.tagName("body")).getText();
        assertThat(body).isNotBlank().doesNotContain("Whitelabel").doesNotContain("500");
        assertThat(browser.findElements(By.tagName("h1"))).isNotEmpty();
    }
}
