package nl.toegang.federation.digid;

import nl.toegang.federation.saml.mock.MockDigidIdentity;
import nl.toegang.realm.DigidSettings;
import nl.toegang.saml.Bsn;
import nl.toegang.saml.LogoutRequestFactory;
import nl.toegang.saml.SignedMessage;
import nl.toegang.saml.SoapEnvelope;
import nl.toegang.saml.crypto.EnvelopedSignatureVerifier;
import nl.toegang.saml.crypto.SigningCredential;
import nl.toegang.saml.xml.SecureXmlParser;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DigiD's back-channel single logout (SAML SOAP binding): when a resident's DigiD session ends elsewhere, DigiD
 * sends us a signed LogoutRequest server to server, and the realm session of that DigiD login ends although the
 * browser never comes by. Anything that does not verify, or comes twice, is refused with a SOAP Fault and ends
 * nothing.
 */
class DigidSoapLogoutTest {
    static final String REDIRECT = "https://rp.example.test/callback";
    static final String BSN = "999991772";
    static final String OTHER_BSN = "999993653";

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

    static String soapSlo() {
        return server.issuer("portal") + "/saml/slo/soap";
    }

    static Browser signedIn(String bsn) {
        Browser browser = new Browser();
        MockDigidBrowser.login(server, browser, REDIRECT, bsn);
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).startsWith(REDIRECT + "?code=");
        return browser;
    }

    static SignedMessage logoutRequest(SigningCredential key, String bsn, String sessionIndex) {
        MockDigidIdentity mock = server.bean(MockDigidIdentity.class);
        return new LogoutRequestFactory(Clock.systemUTC(), new SecureRandom(), mock.entityId(), key)
                .create(soapSlo(), "s00000000", new Bsn(bsn), sessionIndex);
    }

    static HttpResponse<String> post(byte[] soap) {
        return new Browser().send(HttpRequest.newBuilder(URI.create(soapSlo()))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(soap)).build());
    }

    static byte[] soap(SignedMessage message) {
        return SoapEnvelope.wrap(new SecureXmlParser().parse(message.xml()));
    }

    @Test
    void whenDigidEndsTheSessionOverTheBackChannelThenTheRealmSessionEndsWithoutTheBrowser() {
        Browser browser = signedIn(BSN);
        Browser bystander = signedIn(OTHER_BSN);

        // The mock, like DigiD toward the other SPs, sends the LogoutRequest server to server over SOAP.
        var mockPage = browser.get(server.baseUrl() + "/mock-digid/logout");
        assertThat(mockPage.body()).contains("id=\"mock-logout-soap-portal\"");
        var done = browser.postForm(server.baseUrl() + "/mock-digid/logout", Map.of(
                "_csrf", Browser.csrfToken(mockPage.body()), "realm", "portal", "channel", "soap"));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).as("the SP answered with a signed Success LogoutResponse")
                .contains("id=\"mock-logout-complete\"").doesNotContain("mock-logout-failed");

        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).as("the realm session ended")
                .endsWith("/realms/portal/login");
        assertThat(MockDigidBrowser.authorize(server, bystander, REDIRECT)).as("another resident stays signed in")
                .startsWith(REDIRECT + "?code=");
    }

    @Test
    void theAnswerIsASignedLogoutResponseToThatRequestAndAnotherSessionIndexEndsNothing() throws Exception {
        Browser browser = signedIn(BSN);
        SignedMessage request = logoutRequest(server.bean(MockDigidIdentity.class).signing(), BSN, "_not-this-login");
        var answer = post(soap(request));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/xml"));
        Element response = SoapEnvelope.payload(new SecureXmlParser().parse(
                answer.body().getBytes(StandardCharsets.UTF_8)), "LogoutResponse", "test");
        DigidRealms.ServiceProvider sp = server.bean(DigidRealms.class).serviceProviders(DigidSettings::mock).get(0);
        new EnvelopedSignatureVerifier().verify(response,
                List.of(sp.credentials().signing().certificate().getPublicKey()), "test");
        assertThat(response.getAttribute("InResponseTo")).isEqualTo(request.id());
        assertThat(answer.body()).contains("urn:oasis:names:tc:SAML:2.0:status:Success").doesNotContain(BSN);

        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT))
                .as("a LogoutRequest for another DigiD session leaves this one alone").startsWith(REDIRECT + "?code=");
    }

    @Test
    void aLogoutRequestSignedWithAnotherKeyIsRefusedAndEndsNothing() {
        Browser browser = signedIn(BSN);
        // Signed with the SP's own key: right structure, wrong signer.
        SigningCredential notDigid = server.bean(DigidRealms.class).serviceProviders(DigidSettings::mock).get(0)
                .credentials().signing();
        var answer = post(soap(logoutRequest(notDigid, BSN, "_any")));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Fault").doesNotContain(BSN);
        assertThat(MockDigidBrowser.authorize(server, browser, REDIRECT)).startsWith(REDIRECT + "?code=");
    }

    @Test
    void aTamperedOrReplayedOrMalformedLogoutRequestIsRefused() {
        SignedMessage request = logoutRequest(server.bean(MockDigidIdentity.class).signing(), BSN, "_replayed");
        String xml = new String(soap(request), StandardCharsets.UTF_8);

        String tampered = xml.replace(BSN, OTHER_BSN);
        assertThat(tampered).isNotEqualTo(xml);
        assertThat(post(tampered.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);

        assertThat(post(xml.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(post(xml.getBytes(StandardCharsets.UTF_8)).statusCode()).as("replayed").isEqualTo(400);

        String bare = new String(request.xml(), StandardCharsets.UTF_8);
        assertThat(post(bare.getBytes(StandardCharsets.UTF_8)).statusCode()).as("not in a SOAP envelope")
                .isEqualTo(400);
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soapenv:Body>&a;</soapenv:Body></soapenv:Envelope>";
        assertThat(post(doctype.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(post("not xml".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
    }

    @Test
    void spMetadataOffersTheSoapSingleLogoutService() {
        var metadata = new Browser().get(server.issuer("portal") + "/saml/metadata", Map.of());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).containsPattern("<md:SingleLogoutService[^>]*"
                + "Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:SOAP\"")
                .contains("Location=\"" + soapSlo() + "\"");
    }
}
