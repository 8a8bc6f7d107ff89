package nl.toegang.federation.digid;

import nl.toegang.realm.DigidSettings;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.TestServer;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SAML single logout toward the mock DigiD, through real HTTP: the signed LogoutRequest goes by POST (it carries the
 * BSN), its signature is checked here with plain Apache Santuario and the SP certificate (not with our verifier),
 * the mock accepts it, refuses a tampered one, and the realm session is gone afterwards.
 */
class DigidSingleLogoutTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String BYE = "https://rp.example.test/bye";
    static final String BSN = "999991772";
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    static final String BACKEND_SECRET = "digid-slo-backend-secret-0123456789ab";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("portal.yaml"), """
                name: portal
                displayName: Test Portaal
                clients:
                  - clientId: rp
                    type: public
                    redirectUris: [%s]
                    postLogoutRedirectUris: [%s]
                    scopes: [openid, profile, email]
                  - clientId: backend
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    scopes: [openid, profile, email]
                digid:
                  mock: true
                """.formatted(REDIRECT, BYE, BACKEND_SECRET, REDIRECT));
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void afterADigidLoginLogoutPostsASignedLogoutRequestAndEndsTheSession() throws Exception {
        Browser browser = new Browser();
        MockDigidBrowser.login(server, browser, REDIRECT, BSN);
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("signed in").startsWith(REDIRECT + "?code=");

        String logoutUrl = server.issuer("portal") + "/saml/logout";
        var page = browser.get(logoutUrl);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        String form = match(page.body(), "<form[^>]*id=\"digid-logout-form\"[^>]*>");
        assertThat(form).contains("method=\"post\"")
                .contains("action=\"" + server.baseUrl() + "/mock-digid/slo\"").doesNotContain(BSN);
        String formBody = match(page.body(), "(?s)<form[^>]*id=\"digid-logout-form\".*?</form>");
        assertThat(formBody).as("no CSRF token of ours travels to the IdP").doesNotContain("_csrf")
                .contains("type=\"submit\"");
        assertThat(page.body()).contains("/js/auto-submit.js");
        assertThat(page.body()).as("the BSN only appears base64-encoded in the POST body").doesNotContain(BSN);
        String samlRequest = MockDigidBrowser.hidden(page.body(), "SAMLRequest");
        String relayState = MockDigidBrowser.hidden(page.body(), "RelayState");
        assertThat(relayState).doesNotContain(BSN);

        byte[] xml = Base64.getDecoder().decode(samlRequest);
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(PROTOCOL);
        assertThat(root.getLocalName()).isEqualTo("LogoutRequest");
        assertThat(root.getAttribute("Version")).isEqualTo("2.0");
        assertThat(root.getAttribute("ID")).isNotEmpty();
        assertThat(root.getAttribute("IssueInstant")).endsWith("Z");
        assertThat(root.getAttribute("Destination")).isEqualTo(server.baseUrl() + "/mock-digid/slo");
        DigidRealms.ServiceProvider sp = server.bean(DigidRealms.class).serviceProviders(DigidSettings::mock).get(0);
        assertThat(text(root, ASSERTION, "Issuer")).isEqualTo(sp.spEntityId());
        assertThat(text(root, ASSERTION, "NameID")).isEqualTo("s00000000:" + BSN);
        assertThat(text(root, PROTOCOL, "SessionIndex")).isNotBlank();
        assertThat(santuarioVerifies(root, sp.credentials().signing().certificate())).isTrue();

        var atIdp = browser.postForm(server.baseUrl() + "/mock-digid/slo",
                Map.of("SAMLRequest", samlRequest, "RelayState", relayState));
        assertThat(atIdp.statusCode()).as(atIdp.body()).isEqualTo(200);
        assertThat(atIdp.body()).contains("Uitgelogd bij DigiD / Signed out of DigiD")
                .contains("action=\"" + server.issuer("portal") + "/saml/slo\"");
        String samlResponse = MockDigidBrowser.hidden(atIdp.body(), "SAMLResponse");
        Element answer = parse(Base64.getDecoder().decode(samlResponse)).getDocumentElement();
        assertThat(answer.getLocalName()).isEqualTo("LogoutResponse");
        assertThat(answer.getAttribute("InResponseTo")).isEqualTo(root.getAttribute("ID"));
        assertThat(MockDigidBrowser.hidden(atIdp.body(), "RelayState")).isEqualTo(relayState);

        var done = browser.postForm(server.issuer("portal") + "/saml/slo",
                Map.of("SAMLResponse", samlResponse, "RelayState", relayState));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("id=\"digid-signed-out\"");
        var replayed = browser.postForm(server.issuer("portal") + "/saml/slo",
                Map.of("SAMLResponse", samlResponse, "RelayState", relayState));
        assertThat(replayed.statusCode()).as("an answer is used once").isEqualTo(400);
        assertThat(replayed.body()).contains("id=\"digid-slo-refused\"");

        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("the realm session ended")
                .endsWith("/realms/portal/login");
        var again = browser.get(logoutUrl);
        assertThat(again.body()).as("nothing left to log out").contains("id=\"digid-signed-out\"")
                .doesNotContain("SAMLRequest");
    }

    @Test
    void aTamperedLogoutRequestIsRefusedByTheMock() {
        Browser browser = new Browser();
        MockDigidBrowser.login(server, browser, REDIRECT, BSN);
        var page = browser.get(server.issuer("portal") + "/saml/logout");
        String xml = new String(Base64.getDecoder().decode(MockDigidBrowser.hidden(page.body(), "SAMLRequest")),
                StandardCharsets.UTF_8);
        String tampered = xml.replace("s00000000:" + BSN, "s00000000:999993653");
        assertThat(tampered).isNotEqualTo(xml);
        var refused = browser.postForm(server.baseUrl() + "/mock-digid/slo", Map.of("SAMLRequest",
                Base64.getEncoder().encodeToString(tampered.getBytes(StandardCharsets.UTF_8)), "RelayState", "x"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"mock-slo-refused\"");
        var garbage = browser.postForm(server.baseUrl() + "/mock-digid/slo", Map.of("SAMLRequest", "bm9wZQ=="));
        assertThat(garbage.statusCode()).isEqualTo(400);
    }

    @Test
    void withoutADigidSessionTheLogoutPageOnlySaysSignedOut() {
        var page = new Browser().get(server.issuer("portal") + "/saml/logout");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"digid-signed-out\"").doesNotContain("SAMLRequest");
    }

    @Test
    void rpInitiatedLogoutOfADigidSessionChainsThroughDigidAndReturnsToTheRpWithState() {
        Browser browser = new Browser();
        MockDigidBrowser.login(server, browser, REDIRECT, BSN);
        String idToken = MockDigidBrowser.idToken(server, browser, REDIRECT);

        var endSession = browser.get(server.issuer("portal") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", idToken, "post_logout_redirect_uri", BYE, "state", "bye-1")));
        assertThat(endSession.statusCode()).isEqualTo(303);
        assertThat(Browser.location(endSession)).isEqualTo("/realms/portal/saml/logout");
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("the realm session already ended")
                .endsWith("/realms/portal/login");

        var page = browser.get(Browser.resolve(endSession));
        String samlRequest = MockDigidBrowser.hidden(page.body(), "SAMLRequest");
        String relayState = MockDigidBrowser.hidden(page.body(), "RelayState");
        var atIdp = browser.postForm(server.baseUrl() + "/mock-digid/slo",
                Map.of("SAMLRequest", samlRequest, "RelayState", relayState));
        var back = browser.postForm(server.issuer("portal") + "/saml/slo", Map.of(
                "SAMLResponse", MockDigidBrowser.hidden(atIdp.body(), "SAMLResponse"), "RelayState", relayState));
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(Browser.location(back)).isEqualTo(BYE + "?state=bye-1");
    }

    @Test
    void aLogoutResponseForAnotherBrowserOrRequestIsRefused() {
        Browser browser = new Browser();
        MockDigidBrowser.login(server, browser, REDIRECT, BSN);
        var page = browser.get(server.issuer("portal") + "/saml/logout");
        String relayState = MockDigidBrowser.hidden(page.body(), "RelayState");
        var atIdp = browser.postForm(server.baseUrl() + "/mock-digid/slo", Map.of(
                "SAMLRequest", MockDigidBrowser.hidden(page.body(), "SAMLRequest"), "RelayState", relayState));
        String samlResponse = MockDigidBrowser.hidden(atIdp.body(), "SAMLResponse");

        var otherBrowser = new Browser().postForm(server.issuer("portal") + "/saml/slo",
                Map.of("SAMLResponse", samlResponse, "RelayState", relayState));
        assertThat(otherBrowser.statusCode()).isEqualTo(400);
        var wrongRelay = browser.postForm(server.issuer("portal") + "/saml/slo",
                Map.of("SAMLResponse", samlResponse, "RelayState", "not-ours"));
        assertThat(wrongRelay.statusCode()).isEqualTo(400);
        String xml = new String(Base64.getDecoder().decode(samlResponse), StandardCharsets.UTF_8);
        String tampered = xml.replace("status:Success", "status:Requester");
        assertThat(tampered).isNotEqualTo(xml);
        var forged = browser.postForm(server.issuer("portal") + "/saml/slo", Map.of("SAMLResponse",
                Base64.getEncoder().encodeToString(tampered.getBytes(StandardCharsets.UTF_8)), "RelayState",
                relayState));
        assertThat(forged.statusCode()).as("signature no longer verifies").isEqualTo(400);
        assertThat(forged.body()).contains("id=\"digid-slo-refused\"").doesNotContain("Exception");
    }

    @Test
    void idpInitiatedLogoutEndsTheMatchingSessionAndAnswersWithASignedLogoutResponse() throws Exception {
        Browser browser = new Browser();
        MockDigidBrowser.login(server, browser, REDIRECT, BSN);
        // A portal backend of this DigiD session holds a refresh token; DigiD's logout must revoke it.
        var backend = new OidcTestClient(server.issuer("portal"), "backend", BACKEND_SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        String code = Browser.queryParams(Browser.location(browser.get(backend.authorizationUrl(
                backend.authorizationParams(pkce, "s", "n"))))).get("code");
        var tokens = backend.redeemCode(code, pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String refreshToken = OidcTestClient.json(tokens.body()).get("refresh_token").asString();
        var list = browser.get(server.baseUrl() + "/mock-digid/logout");
        assertThat(list.body()).contains("id=\"mock-logout-portal\"");
        var start = browser.postForm(server.baseUrl() + "/mock-digid/logout",
                Map.of("realm", "portal", "_csrf", Browser.csrfToken(list.body())));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
        assertThat(start.body()).contains("action=\"" + server.issuer("portal") + "/saml/slo\"");
        String samlRequest = MockDigidBrowser.hidden(start.body(), "SAMLRequest");
        String relayState = MockDigidBrowser.hidden(start.body(), "RelayState");

        String xml = new String(Base64.getDecoder().decode(samlRequest), StandardCharsets.UTF_8);
        var forged = browser.postForm(server.issuer("portal") + "/saml/slo", Map.of("SAMLRequest",
                Base64.getEncoder().encodeToString(xml.replace(BSN, "999993653").getBytes(StandardCharsets.UTF_8)),
                "RelayState", relayState));
        assertThat(forged.statusCode()).as("a tampered LogoutRequest is refused").isEqualTo(400);
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("and ends nothing")
                .startsWith(REDIRECT + "?code=");

        var atSp = browser.postForm(server.issuer("portal") + "/saml/slo",
                Map.of("SAMLRequest", samlRequest, "RelayState", relayState));
        assertThat(atSp.statusCode()).as(atSp.body()).isEqualTo(200);
        assertThat(atSp.body()).contains("action=\"" + server.baseUrl() + "/mock-digid/slo\"");
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("the realm session ended")
                .endsWith("/realms/portal/login");
        var refresh = backend.refresh(refreshToken);
        assertThat(refresh.statusCode()).as("its refresh token is revoked: " + refresh.body()).isEqualTo(400);
        assertThat(OidcTestClient.json(refresh.body()).get("error").asString()).isEqualTo("invalid_grant");

        String samlResponse = MockDigidBrowser.hidden(atSp.body(), "SAMLResponse");
        Element answer = parse(Base64.getDecoder().decode(samlResponse)).getDocumentElement();
        assertThat(answer.getLocalName()).isEqualTo("LogoutResponse");
        assertThat(answer.getAttribute("Destination")).isEqualTo(server.baseUrl() + "/mock-digid/slo");
        assertThat(answer.getAttribute("InResponseTo"))
                .isEqualTo(parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement().getAttribute("ID"));
        DigidRealms.ServiceProvider sp = server.bean(DigidRealms.class).serviceProviders(DigidSettings::mock).get(0);
        assertThat(santuarioVerifies(answer, sp.credentials().signing().certificate())).isTrue();

        var completed = browser.postForm(server.baseUrl() + "/mock-digid/slo",
                Map.of("SAMLResponse", samlResponse, "RelayState", relayState));
        assertThat(completed.statusCode()).isEqualTo(200);
        assertThat(completed.body()).contains("id=\"mock-logout-complete\"");
    }

    @Test
    void spMetadataPublishesTheHttpPostSingleLogoutService() throws Exception {
        var metadata = new Browser().get(server.issuer("portal") + "/saml/metadata", Map.of());
        Element root = parse(metadata.body().getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        Element slo = (Element) root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata",
                "SingleLogoutService").item(0);
        assertThat(slo.getAttribute("Binding")).isEqualTo("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
        assertThat(slo.getAttribute("Location")).isEqualTo(server.issuer("portal") + "/saml/slo");
    }

    private static boolean santuarioVerifies(Element root, X509Certificate certificate) throws Exception {
        org.apache.xml.security.Init.init();
        Element signature = (Element) root.getElementsByTagNameNS(DSIG, "Signature").item(0);
        assertThat(signature).as("enveloped Signature").isNotNull();
        assertThat(signature.getParentNode()).isSameAs(root);
        root.setIdAttributeNS(null, "ID", true);
        XMLSignature xmlSignature = new XMLSignature(signature, "");
        assertThat(xmlSignature.getSignedInfo().getSignatureMethodURI())
                .isEqualTo("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assertThat(xmlSignature.getSignedInfo().item(0).getURI()).isEqualTo("#" + root.getAttribute("ID"));
        return xmlSignature.checkSignatureValue(certificate);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String text(Element root, String ns, String name) {
        return root.getElementsByTagNameNS(ns, name).item(0).getTextContent();
    }




    private static String match(String html, String regex) {
        return match(html, regex, 0);
    }

    private static String match(String html, String regex, int group) {
        Matcher m = Pattern.compile(regex).matcher(html);
        if (!m.find()) {
            throw new AssertionError("no match for " + regex + " in:\n" + html);
        }
        return m.group(group);
    }
}
