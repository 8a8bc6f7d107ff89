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
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AuthnRequest by HTTP-POST binding ({@code digid.authnRequestBinding: post}) through real HTTP, next to a realm
 * that keeps the default HTTP-Redirect binding: an auto-submitting form without inline script carries the
 * enveloped-signed AuthnRequest (checked here with plain Apache Santuario and the SP certificate), the mock DigiD
 * accepts it and the login completes, and a tampered or foreign request gets DigiD's 404.
 */
class DigidPostBindingTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    @TempDir
    static Path temp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path realms = Files.createDirectories(temp.resolve("realms"));
        for (String[] realm : new String[][]{{"portal", "post"}, {"classic", "redirect"}}) {
            Files.writeString(realms.resolve(realm[0] + ".yaml"), """
                    name: %s
                    displayName: Test %s
                    clients:
                      - clientId: rp
                        type: public
                        redirectUris: [%s]
                        scopes: [openid, profile, email]
                    digid:
                      mock: true
                      authnRequestBinding: %s
                    """.formatted(realm[0], realm[0], REDIRECT, realm[1]));
        }
        server = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** Starts an authorization request in {@code realm} and goes to its DigiD login. */
    static java.net.http.HttpResponse<String> startDigid(Browser browser, String realm) {
        var client = new OidcTestClient(server.issuer(realm), "rp", null, REDIRECT);
        browser.get(client.authorizationUrl(client.authorizationParams(OidcTestClient.Pkce.create(), "st", "no")));
        return browser.get(server.issuer(realm) + "/saml/login");
    }

    @Test
    void thePostBindingSendsAnEnvelopedSignedAuthnRequestInAnAutoSubmittingForm() throws Exception {
        Browser browser = new Browser();
        var page = startDigid(browser, "portal");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        String body = page.body();
        assertThat(body).contains("id=\"digid-authn-form\"").contains("method=\"post\"")
                .contains("action=\"" + server.baseUrl() + "/mock-digid/sso\"").contains("data-auto-submit")
                .contains("type=\"submit\"").contains("/js/auto-submit.js");
        var authnForm = java.util.regex.Pattern.compile("(?s)<form[^>]*id=\"digid-authn-form\".*?</form>")
                .matcher(body);
        assertThat(authnForm.find()).isTrue();
        assertThat(authnForm.group()).as("no CSRF token of ours travels to the IdP").doesNotContain("_csrf");
        assertThat(body.replaceAll("<script[^>]*src=[^>]*></script>", ""))
                .as("no inline script: CSP script-src 'self'").doesNotContain("<script");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");

        String samlRequest = MockDigidBrowser.hidden(body, "SAMLRequest");
        String relayState = MockDigidBrowser.hidden(body, "RelayState");
        assertThat(relayState.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(80);
        Element request = parse(Base64.getDecoder().decode(samlRequest)).getDocumentElement();
        assertThat(request.getLocalName()).isEqualTo("AuthnRequest");
        assertThat(request.getAttribute("Destination")).isEqualTo(server.baseUrl() + "/mock-digid/sso");
        assertThat(request.getAttribute("AssertionConsumerServiceIndex")).isEqualTo("0");
        Node afterIssuer = firstElement(request).getNextSibling();
        while (afterIssuer.getNodeType() != Node.ELEMENT_NODE) {
            afterIssuer = afterIssuer.getNextSibling();
        }
        assertThat(afterIssuer.getLocalName()).as("Signature right after Issuer").isEqualTo("Signature");
        DigidRealms.ServiceProvider sp = server.bean(DigidRealms.class).serviceProviders(DigidSettings::mock).stream()
                .filter(c -> c.realm().equals("portal")).findFirst().orElseThrow();
        org.apache.xml.security.Init.init();
        request.setIdAttributeNS(null, "ID", true);
        XMLSignature signature = new XMLSignature((Element) afterIssuer, "");
        assertThat(signature.getSignedInfo().getSignatureMethodURI())
                .isEqualTo("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assertThat(signature.getSignedInfo().getCanonicalizationMethodURI())
                .isEqualTo("http://www.w3.org/2001/10/xml-exc-c14n#");
        assertThat(signature.checkSignatureValue(sp.credentials().signing().certificate())).isTrue();

        var mock = browser.postForm(server.baseUrl() + "/mock-digid/sso",
                Map.of("SAMLRequest", samlRequest, "RelayState", relayState));
        assertThat(mock.statusCode()).as(mock.body()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", Browser.csrfToken(mock.body()));
        form.put("token", MockDigidBrowser.hidden(mock.body(), "token"));
        form.put("bsn", "999991772");
        form.put("level", "MIDDEN");
        var answered = browser.postForm(server.baseUrl() + "/mock-digid/sso", form);
        var acs = browser.get(Browser.location(answered));
        assertThat(acs.statusCode()).as(acs.body()).isEqualTo(303);
        assertThat(Browser.location(browser.get(Browser.resolve(acs)))).startsWith(REDIRECT + "?code=");
    }

    @Test
    void aTamperedOrForeignPostedAuthnRequestGetsA404FromTheMock() {
        Browser browser = new Browser();
        var page = startDigid(browser, "portal");
        String samlRequest = MockDigidBrowser.hidden(page.body(), "SAMLRequest");
        String xml = new String(Base64.getDecoder().decode(samlRequest), StandardCharsets.UTF_8);
        String tampered = xml.replace("MobileTwoFactorContract", "PasswordProtectedTransport");
        assertThat(tampered).isNotEqualTo(xml);
        var refused = browser.postForm(server.baseUrl() + "/mock-digid/sso", Map.of("SAMLRequest",
                Base64.getEncoder().encodeToString(tampered.getBytes(StandardCharsets.UTF_8)), "RelayState", "r"));
        assertThat(refused.statusCode()).isEqualTo(404);
        String unsigned = xml.replaceAll("(?s)<([A-Za-z]+:)?Signature[ >].*</([A-Za-z]+:)?Signature>", "");
        assertThat(unsigned).isNotEqualTo(xml);
        assertThat(browser.postForm(server.baseUrl() + "/mock-digid/sso", Map.of("SAMLRequest",
                Base64.getEncoder().encodeToString(unsigned.getBytes(StandardCharsets.UTF_8)))).statusCode())
                .isEqualTo(404);
        assertThat(browser.postForm(server.baseUrl() + "/mock-digid/sso", Map.of("SAMLRequest", "bm9wZQ=="))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void theDefaultRealmStillUsesTheRedirectBinding() {
        var start = startDigid(new Browser(), "classic");
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(Browser.location(start)).startsWith(server.baseUrl() + "/mock-digid/sso?SAMLRequest=")
                .contains("&SigAlg=").contains("&Signature=");
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                return (Element) n;
            }
        }
        throw new AssertionError("no child element");
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
