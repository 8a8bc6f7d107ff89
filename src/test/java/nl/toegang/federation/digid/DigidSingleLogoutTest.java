package nl.toegang.federation.digid;

import nl.toegang.testsupport.Browser;
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
    static final String BSN = "999991772";
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

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
                    scopes: [openid, profile, email]
                digid:
                  mock: true
                """.formatted(REDIRECT));
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
        DigidRealms.MockClient sp = server.bean(DigidRealms.class).mockClients().get(0);
        assertThat(text(root, ASSERTION, "Issuer")).isEqualTo(sp.spEntityId());
        assertThat(text(root, ASSERTION, "NameID")).isEqualTo("s00000000:" + BSN);
        assertThat(text(root, PROTOCOL, "SessionIndex")).isNotBlank();
        assertThat(santuarioVerifies(root, sp.credentials().signing().certificate())).isTrue();

        var atIdp = browser.postForm(server.baseUrl() + "/mock-digid/slo",
                Map.of("SAMLRequest", samlRequest, "RelayState", relayState));
        assertThat(atIdp.statusCode()).as(atIdp.body()).isEqualTo(200);
        assertThat(atIdp.body()).contains("Uitgelogd bij DigiD / Signed out of DigiD")
                .contains("href=\"" + server.issuer("portal") + "/saml/logout/done\"");
        var done = browser.get(server.issuer("portal") + "/saml/logout/done");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("id=\"digid-signed-out\"");

        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("the realm session ended").endsWith("/realms/portal/login");
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
