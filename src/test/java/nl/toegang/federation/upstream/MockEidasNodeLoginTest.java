package nl.toegang.federation.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.federation.digid.DevCertificates;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static nl.toegang.testsupport.Browser.hidden;
import static nl.toegang.testsupport.TestXml.pem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login through the built-in mock eIDAS node, as a developer clicks it: the choice page's third route, the node's
 * page (country and test person, level, or cancel), its auto-submitted answer (an encrypted assertion in the eIDAS
 * format) and the portal's ID token. With the mocks off the node does not exist.
 */
class MockEidasNodeLoginTest {
    static final String REDIRECT = "https://portal.example.test/callback";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial";
    static final String HIGH = "http://eidas.europa.eu/LoA/high";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        var sp = DevCertificates.generate("Toegang eIDAS connector", false, new SecureRandom(), Instant.now());
        Files.writeString(realms.resolve("sp.key.pem"), pem("PRIVATE KEY", sp.keyPair().getPrivate().getEncoded()));
        Files.writeString(realms.resolve("sp.cert.pem"), pem("CERTIFICATE", sp.certificate().getEncoded()));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Portaal
                clients:
                  - clientId: portal
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    scopes: [openid, profile]
                upstreams:
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    who: {nl: Voor burgers van andere EU-landen., en: For citizens of other EU countries.}
                    signingKey: sp.key.pem
                    signingCertificate: sp.cert.pem
                    eidas:
                      spType: public
                      mock: true
                """.formatted(SECRET, REDIRECT));
        // The same upstream without a key pair: the server makes one at start for the mock node.
        Files.writeString(realms.resolve("keyless.yaml"), """
                name: keyless
                displayName: Portaal zonder sleutels
                clients:
                  - clientId: portal
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    scopes: [openid, profile]
                upstreams:
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    eidas: {spType: public, mock: true}
                """.formatted(SECRET, REDIRECT));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aLoginThroughTheMockNodeEndsWithTheAssertedLevelTheNamesAndAPairwiseSub() {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(server.issuer("portal"), "portal", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        var nodePage = toTheMockNode(browser, portal, pkce, SUBSTANTIAL);
        assertThat(nodePage.body()).contains("Mock eIDAS node").contains(SUBSTANTIAL)
                .contains("EL: Georgios Papadopoulos");

        var answer = browser.postForm(server.baseUrl() + "/mock-eidas/answer", Map.of("_csrf",
                Browser.csrfToken(nodePage.body()), "token", hidden(nodePage, "token"), "person", "EL-papadopoulos",
                "level", HIGH, "action", "login"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String acs = server.issuer("portal") + "/upstream/eu/saml/acs";
        assertThat(answer.body()).contains("action=\"" + acs + "\"");
        String samlResponse = hidden(answer, "SAMLResponse");
        String xml = new String(Base64.getDecoder().decode(samlResponse), StandardCharsets.UTF_8);
        assertThat(xml).as("the assertion travels encrypted").contains("EncryptedAssertion")
                .doesNotContain("Papadopoulos");

        var done = browser.postForm(acs, Map.of("SAMLResponse", samlResponse, "RelayState",
                hidden(answer, "RelayState")));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(done));
        Map<String, String> result = Browser.queryParams(Browser.location(back));
        assertThat(result).containsEntry("state", "portal-state");
        HttpResponse<String> tokens = portal.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JWTClaimsSet claims = portal.verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
        assertThat(claims.getClaim("acr")).as("the level the node asserted").isEqualTo(HIGH);
        assertThat(claims.getClaim("given_name")).isEqualTo("Georgios");
        assertThat(claims.getClaim("family_name")).isEqualTo("Papadopoulos");
        assertThat(claims.getClaim("birthdate")).isEqualTo("1979-03-25");
        assertThat(claims.getClaim("eidas_country")).isEqualTo("EL");
        assertThat(claims.getClaims()).doesNotContainKey("eidas_person_identifier");
        assertThat(claims.getSubject()).doesNotContain("EL/NL").doesNotContain("MOCK");
        assertThat(claims.getClaim("sub_id_type")).isNotNull();
    }

    @Test
    void cancellingAtTheMockNodeShowsThePersonTheyAreNotSignedIn() {
        Browser browser = new Browser(Map.of("Accept-Language", "nl"));
        OidcTestClient portal = new OidcTestClient(server.issuer("portal"), "portal", SECRET, REDIRECT);
        var nodePage = toTheMockNode(browser, portal, OidcTestClient.Pkce.create(), null);
        assertThat(nodePage.body()).contains("Nep-eIDAS-koppelpunt");
        var answer = browser.postForm(server.baseUrl() + "/mock-eidas/answer", Map.of("_csrf",
                Browser.csrfToken(nodePage.body()), "token", hidden(nodePage, "token"), "action", "cancel"));
        var done = browser.outcome(browser.postForm(server.issuer("portal") + "/upstream/eu/saml/acs",
                Map.of("SAMLResponse", hidden(answer, "SAMLResponse"), "RelayState", hidden(answer, "RelayState"))));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("id=\"upstream-back\"").contains("U bent niet ingelogd")
                .contains("id=\"upstream-cancelled\"");

        // The language switch cannot repeat the provider's post: it opens the same outcome by GET.
        String switched = Browser.languageLink(done.body(), "en");
        assertThat(switched).isEqualTo("/realms/portal/upstream/eu/outcome?lang=en");
        var inEnglish = browser.get(server.baseUrl() + switched);
        assertThat(inEnglish.statusCode()).isEqualTo(200);
        assertThat(inEnglish.body()).contains("id=\"upstream-cancelled\"").contains("You are not signed in")
                .contains("id=\"upstream-back\"");
        assertThat(new Browser().get(server.baseUrl() + switched).body()).as("another browser: no outcome of its own")
                .contains("id=\"upstream-error\"").doesNotContain("id=\"upstream-cancelled\"");
    }

    @Test
    void theMockNodesLanguageSwitchAndReloadKeepThePendingLoginOfThisBrowserOnly() {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(server.issuer("portal"), "portal", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        var nodePage = toTheMockNode(browser, portal, pkce, SUBSTANTIAL);
        String token = hidden(nodePage, "token");

        // The node's page came from a POST: the switch opens the same choice by GET (it used to answer 405).
        String switched = Browser.languageLink(nodePage.body(), "nl");
        assertThat(switched).startsWith("/mock-eidas/sso?").contains("token=" + token).contains("lang=nl");
        var inDutch = browser.get(server.baseUrl() + switched);
        assertThat(inDutch.statusCode()).as(inDutch.body()).isEqualTo(200);
        assertThat(inDutch.body()).contains("Nep-eIDAS-koppelpunt").contains(SUBSTANTIAL)
                .contains("value=\"" + token + "\"");
        assertThat(browser.get(server.baseUrl() + "/mock-eidas/sso?token=" + token).statusCode())
                .as("a reload").isEqualTo(200);
        assertThat(new Browser().get(server.baseUrl() + "/mock-eidas/sso?token=" + token).statusCode())
                .as("another browser with the token: not its login").isEqualTo(400);
        assertThat(browser.get(server.baseUrl() + "/mock-eidas/sso?token=unknown").statusCode()).isEqualTo(400);

        // The login still completes from the page in the other language, once.
        var answer = browser.postForm(server.baseUrl() + "/mock-eidas/answer", Map.of("_csrf",
                Browser.csrfToken(inDutch.body()), "token", token, "person", "BE-peeters", "level", SUBSTANTIAL,
                "action", "login"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(browser.get(server.baseUrl() + "/mock-eidas/sso?token=" + token).statusCode())
                .as("used: the choice is not offered again").isEqualTo(400);
        var done = browser.postForm(server.issuer("portal") + "/upstream/eu/saml/acs", Map.of("SAMLResponse",
                hidden(answer, "SAMLResponse"), "RelayState", hidden(answer, "RelayState")));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        Map<String, String> result = Browser.queryParams(Browser.location(browser.get(Browser.resolve(done))));
        assertThat(portal.redeemCode(result.get("code"), pkce.verifier()).statusCode()).isEqualTo(200);
    }

    @Test
    void anAuthnRequestNotSignedByARealmsMockUpstreamIsAPlain404() {
        var browser = new Browser();
        String forged = Base64.getEncoder().encodeToString(("<samlp:AuthnRequest xmlns:samlp="
                + "\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_x\" Destination=\"" + server.baseUrl()
                + "/mock-eidas/sso\"/>").getBytes(StandardCharsets.UTF_8));
        assertThat(browser.postForm(server.baseUrl() + "/mock-eidas/sso", Map.of("SAMLRequest", forged))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAConfiguredKeyPairTheMockNodeWorksWithThePairTheServerMade() {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient keyless = new OidcTestClient(server.issuer("keyless"), "portal", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        var nodePage = toTheMockNode(browser, keyless, pkce, null);
        var answer = browser.postForm(server.baseUrl() + "/mock-eidas/answer", Map.of("_csrf",
                Browser.csrfToken(nodePage.body()), "token", hidden(nodePage, "token"), "person", "EL-papadopoulos",
                "level", SUBSTANTIAL, "action", "login"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String acs = server.issuer("keyless") + "/upstream/eu/saml/acs";
        var done = browser.postForm(acs, Map.of("SAMLResponse", hidden(answer, "SAMLResponse"), "RelayState",
                hidden(answer, "RelayState")));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        Map<String, String> result = Browser.queryParams(Browser.location(browser.get(Browser.resolve(done))));
        HttpResponse<String> tokens = keyless.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JWTClaimsSet claims = keyless.verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
        assertThat(claims.getClaim("family_name")).isEqualTo("Papadopoulos");
        assertThat(claims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
    }

    private static HttpResponse<String> toTheMockNode(Browser browser, OidcTestClient portal,
                                                      OidcTestClient.Pkce pkce, String acrValues) {
        Map<String, String> params = new LinkedHashMap<>(portal.authorizationParams(pkce, "portal-state",
                "portal-nonce"));
        params.put("scope", "openid profile");
        if (acrValues != null) {
            params.put("acr_values", acrValues);
        }
        var login = browser.get(Browser.resolve(browser.get(portal.authorizationUrl(params))));
        Matcher m = Pattern.compile("id=\"upstream-login-eu\"\\s+href=\"([^\"]+)\"").matcher(login.body());
        assertThat(m.find()).as(login.body()).isTrue();
        var start = browser.get(Browser.resolve(browser.get(server.baseUrl() + m.group(1))));
        assertThat(start.body()).contains("action=\"" + server.baseUrl() + "/mock-eidas/sso\"");
        var nodePage = browser.postForm(server.baseUrl() + "/mock-eidas/sso", Map.of("SAMLRequest",
                hidden(start, "SAMLRequest"), "RelayState", hidden(start, "RelayState")));
        assertThat(nodePage.statusCode()).as(nodePage.body()).isEqualTo(200);
        return nodePage;
    }

}
