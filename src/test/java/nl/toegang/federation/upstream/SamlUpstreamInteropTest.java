package nl.toegang.federation.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import nl.toegang.federation.digid.DevCertificates;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.SamlTestMessages;
import nl.toegang.testsupport.TestServer;
import org.apache.xml.security.Init;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static nl.toegang.testsupport.Browser.hidden;
import static nl.toegang.testsupport.SamlTestMessages.PERSISTENT;
import static nl.toegang.testsupport.SamlTestMessages.SAML;
import static nl.toegang.testsupport.SamlTestMessages.SAMLP;
import static nl.toegang.testsupport.SamlTestMessages.SUCCESS;
import static nl.toegang.testsupport.SamlTestMessages.base64;
import static nl.toegang.testsupport.SamlTestMessages.hex;
import static nl.toegang.testsupport.SamlTestMessages.issuer;
import static nl.toegang.testsupport.SamlTestMessages.protocolMessage;
import static nl.toegang.testsupport.SamlTestMessages.sign;
import static nl.toegang.testsupport.SamlTestMessages.soapBody;
import static nl.toegang.testsupport.SamlTestMessages.status;
import static nl.toegang.testsupport.SamlTestMessages.verifyEnveloped;
import static nl.toegang.testsupport.SamlTestMessages.verifyRedirect;
import static nl.toegang.testsupport.TestXml.parse;
import static nl.toegang.testsupport.TestXml.pem;
import static nl.toegang.testsupport.TestXml.serialize;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop with a SAML 2.0 IdP that no one in this project wrote: the IdP below is built directly on Apache
 * Santuario's public API and the plain JDK (DOM, Transformer, Inflater, JCA, the JDK's HTTPS server), not on any
 * Toegang building, signing or verifying code. It checks Toegang's signed AuthnRequest as an IdP would (Redirect:
 * JCA over the octets of SAML bindings §3.4.4.1; POST: Santuario's XMLSignature), then answers:
 * <ul>
 *   <li>realm {@code uni-post}: by HTTP-POST, a Response with a signed Assertion carrying attributes. The IdP's form
 *   is a cross-site POST that a browser sends without Toegang's SameSite=Lax cookie: Toegang bounces it once through
 *   its own page, and the bounced POST (same-site, with the cookie) completes the login;</li>
 *   <li>realm {@code uni-art}: by HTTP-Artifact, with the Response (an EncryptedAssertion, encrypted by Santuario to
 *   the SP certificate of our metadata) resolved over SOAP on the IdP's HTTPS listener, which requires Toegang's TLS
 *   client certificate and whose own certificate Toegang trusts only through the realm's {@code idpTlsTrust}.</li>
 * </ul>
 * Each ends with an ID token of Toegang that the portal (an OIDC client of the realm) verifies: a pairwise sub (not
 * the NameID), the AuthnContextClassRef mapped to acr, the mapped attributes as claims.
 */
class SamlUpstreamInteropTest {
    static final String REDIRECT = "https://portal.example.test/callback";
    static final String BYE = "https://portal.example.test/bye";
    /** The portal's last ID token, for RP-initiated logout. */
    static String lastIdToken;
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String IDP = "https://idp.university.test/saml";
    static final String SSO = "https://idp.university.test/sso";
    static final String PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    static final String MFA_CLASS = "https://refeds.org/profile/mfa";
    static final String SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial";
    static final String NAME_ID = "u-7f3a9c21@university.test";
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temp;
    static TestServer toegang;
    static HttpsServer artifactService;
    static com.sun.net.httpserver.HttpServer metadataService;
    static DevCertificates.Generated metadataSigning;
    static DevCertificates.Generated idpSigning;
    static DevCertificates.Generated idpTls;
    static DevCertificates.Generated spSigning;
    /** What the artifact service will answer next, and the client certificate Toegang presented. */
    static final AtomicReference<byte[]> nextArtifactAnswer = new AtomicReference<>();
    static final AtomicReference<String> artifactResolveSeen = new AtomicReference<>();
    static final AtomicReference<String> clientCertificateSeen = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        Init.init();
        Instant now = Instant.now();
        idpSigning = DevCertificates.generate("University IdP signing", false, RANDOM, now);
        idpTls = DevCertificates.generate("localhost", true, RANDOM, now);
        spSigning = DevCertificates.generate("Toegang SP", false, RANDOM, now);
        metadataSigning = DevCertificates.generate("University metadata signing", false, RANDOM, now);
        String artifactUrl = startArtifactService();
        String metadataUrl = startMetadataService(artifactUrl);

        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("idp-metadata.xml"), idpMetadata(artifactUrl));
        Files.writeString(realms.resolve("sp.key.pem"), pem("PRIVATE KEY",
                spSigning.keyPair().getPrivate().getEncoded()));
        Files.writeString(realms.resolve("sp.cert.pem"), pem("CERTIFICATE", spSigning.certificate().getEncoded()));
        Files.writeString(realms.resolve("idp-tls.pem"), pem("CERTIFICATE", idpTls.certificate().getEncoded()));
        Files.writeString(realms.resolve("md-signer.pem"), pem("CERTIFICATE",
                metadataSigning.certificate().getEncoded()));
        String client = """
                clients:
                  - clientId: portal
                    type: confidential
                    secret: %s
                    redirectUris: [%s]
                    postLogoutRedirectUris: [%s]
                    scopes: [openid, profile, email]
                """.formatted(SECRET, REDIRECT, BYE);
        String upstream = """
                upstreams:
                  - id: university
                    type: saml
                    displayName: {nl: Universiteit, en: University}
                    metadata: idp-metadata.xml
                    signingKey: sp.key.pem
                    signingCertificate: sp.cert.pem
                    claims: {name: "urn:oid:2.16.840.1.113730.3.1.241", email: "urn:oid:0.9.2342.19200300.100.1.3"}
                    acr:
                      - {upstream: "%s", issued: "http://eidas.europa.eu/LoA/low"}
                      - {upstream: "%s", issued: "%s"}
                """.formatted(PASSWORD_CLASS, MFA_CLASS, SUBSTANTIAL);
        Files.writeString(realms.resolve("uni-post.yaml"), "name: uni-post\ndisplayName: Portaal\n" + client
                + upstream + "    authnRequestBinding: redirect\n    responseBinding: post\n");
        Files.writeString(realms.resolve("uni-art.yaml"), "name: uni-art\ndisplayName: Portaal\n" + client
                + upstream + """
                    authnRequestBinding: post
                    responseBinding: artifact
                    encryptedAssertions: required
                    idpTlsTrust: idp-tls.pem
                """);
        String byUrl = upstream.replace("metadata: idp-metadata.xml", "metadata: %s\n    entityId: " + IDP
                + "\n    metadataCertificate: md-signer.pem");
        Files.writeString(realms.resolve("uni-url.yaml"), "name: uni-url\ndisplayName: Portaal\n" + client
                + byUrl.formatted(metadataUrl + "/signed"));
        Files.writeString(realms.resolve("uni-bad.yaml"), "name: uni-bad\ndisplayName: Portaal\n" + client
                + byUrl.formatted(metadataUrl + "/foreign"));
        toegang = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (metadataService != null) {
            metadataService.stop(0);
        }
        if (artifactService != null) {
            artifactService.stop(0);
        }
        if (toegang != null) {
            toegang.stop();
        }
    }

    // ---- the flows ----

    @Test
    void answerByHttpPostEndsWithAVerifiedIdTokenAtThePortal() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("uni-post"), "portal", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        String toIdp = toTheIdp(browser, portal, pkce, "uni-post");

        // The IdP reads the Redirect-bound AuthnRequest and checks its signature over the raw query octets.
        assertThat(toIdp).startsWith(SSO + "?");
        Document request = verifyRedirectAuthnRequest(toIdp);
        Element authnRequest = request.getDocumentElement();
        String acs = toegang.issuer("uni-post") + "/upstream/university/saml/acs";
        assertThat(authnRequest.getAttribute("AssertionConsumerServiceURL")).isEqualTo(acs);
        assertThat(authnRequest.getAttribute("ProtocolBinding")).endsWith("HTTP-POST");
        assertThat(request.getElementsByTagNameNS(SAML, "AuthnContextClassRef").item(0).getTextContent())
                .as("the client's acr_values, mapped").isEqualTo(MFA_CLASS);
        String relayState = query(toIdp).get("RelayState");
        String spEntityId = toegang.issuer("uni-post") + "/upstream/university/saml/metadata";

        String samlResponse = base64(response(authnRequest.getAttribute("ID"), acs, spEntityId, MFA_CLASS, false));

        // The IdP's auto-submitting form: a cross-site POST, so no session cookie comes with it.
        var crossSite = new Browser().postForm(acs, Map.of("SAMLResponse", samlResponse, "RelayState", relayState));
        assertThat(crossSite.statusCode()).isEqualTo(200);
        assertThat(crossSite.body()).contains("id=\"upstream-bounce-form\"").contains("name=\"bounced\"");
        // Toegang's own page posts it again: same-site, so the browser's cookie comes along.
        var bounced = browser.postForm(acs, Map.of("SAMLResponse", hidden(crossSite, "SAMLResponse"),
                "RelayState", hidden(crossSite, "RelayState"), "bounced", "1"));
        JWTClaimsSet claims = finish(browser, portal, pkce, bounced, "uni-post");
        assertThat(claims.getClaim("name")).isEqualTo("Erik Student");
        assertThat(claims.getClaim("email")).isEqualTo("erik@university.test");

        // The same answer again (a replay, or brought by the attacker into another login) is refused.
        var again = browser.outcome(browser.postForm(acs, Map.of("SAMLResponse", samlResponse, "RelayState",
                relayState, "bounced", "1")));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("id=\"upstream-back\"");

        // The portal signs the person out: Toegang's session ends and, as this IdP's metadata names no
        // SingleLogoutService, the browser goes straight back to the portal (single logout: SamlUpstreamLogoutTest).
        var endSession = browser.get(toegang.issuer("uni-post") + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", lastIdToken, "post_logout_redirect_uri", BYE, "state", "bye-1")));
        assertThat(endSession.statusCode()).isEqualTo(303);
        String next = Browser.resolve(endSession);
        var onward = next.startsWith(BYE) ? endSession : browser.get(next);
        assertThat(Browser.location(onward)).isEqualTo(BYE + "?state=bye-1");
        var portalAgain = browser.get(portal.authorizationUrl(portal.authorizationParams(OidcTestClient.Pkce.create(),
                "s", "n")));
        assertThat(Browser.location(portalAgain)).as("signed out of Toegang").contains("/realms/uni-post/login");
    }

    @Test
    void aResponseForAnotherBrowsersLoginIsRefusedWithAWayBack() throws Exception {
        Browser victim = new Browser(Map.of("Accept-Language", "en"));
        Browser attacker = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("uni-post"), "portal", SECRET, REDIRECT);
        String attackersLogin = toTheIdp(attacker, portal, OidcTestClient.Pkce.create(), "uni-post");
        String victimsLogin = toTheIdp(victim, portal, OidcTestClient.Pkce.create(), "uni-post");
        String acs = toegang.issuer("uni-post") + "/upstream/university/saml/acs";
        String spEntityId = toegang.issuer("uni-post") + "/upstream/university/saml/metadata";
        // The attacker's own valid answer, pushed into the victim's browser with the victim's RelayState.
        String attackersAnswer = base64(response(verifyRedirectAuthnRequest(attackersLogin).getDocumentElement()
                .getAttribute("ID"), acs, spEntityId, MFA_CLASS, false));
        var refused = victim.outcome(victim.postForm(acs, Map.of("SAMLResponse", attackersAnswer,
                "RelayState", query(victimsLogin).get("RelayState"), "bounced", "1")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Signing in with University failed").contains("id=\"upstream-back\"");

        // Back to the website: the portal hears access_denied with its state.
        var back = victim.postForm(toegang.issuer("uni-post") + "/upstream/university/return",
                Map.of("_csrf", Browser.csrfToken(refused.body())));
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(Browser.location(back)).startsWith(REDIRECT + "?error=access_denied")
                .contains("state=portal-state");
    }

    @Test
    void answerByArtifactOverMutualTlsEndsWithAVerifiedIdTokenAtThePortal() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("uni-art"), "portal", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        var page = toTheIdpPage(browser, portal, pkce, "uni-art");

        // The POST binding: an auto-submitting form to the IdP; the IdP verifies the enveloped signature.
        assertThat(page.body()).contains("id=\"upstream-authn-form\"").contains("action=\"" + SSO + "\"");
        Document request = parse(Base64.getDecoder().decode(hidden(page, "SAMLRequest")));
        verifyEnveloped(request.getDocumentElement(), spSigning.certificate());
        Element authnRequest = request.getDocumentElement();
        String acs = toegang.issuer("uni-art") + "/upstream/university/saml/acs";
        assertThat(authnRequest.getAttribute("ProtocolBinding")).endsWith("HTTP-Artifact");
        String spEntityId = toegang.issuer("uni-art") + "/upstream/university/saml/metadata";

        // Our SP metadata names the encryption certificate the IdP encrypts to.
        var metadata = new Browser().get(spEntityId, Map.of());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains(Base64.getEncoder().encodeToString(
                spSigning.certificate().getEncoded())).contains("HTTP-Artifact").contains(acs);

        byte[] handle = new byte[20];
        RANDOM.nextBytes(handle);
        String artifact = artifact(handle);
        nextArtifactAnswer.set(serialize(response(authnRequest.getAttribute("ID"), acs, spEntityId, PASSWORD_CLASS,
                true)));
        var answered = browser.get(acs + "?SAMLart=" + enc(artifact) + "&RelayState="
                + enc(hidden(page, "RelayState")));
        assertThat(artifactResolveSeen.get()).as("Toegang resolved our artifact").contains(artifact);
        assertThat(clientCertificateSeen.get()).as("with its TLS client certificate")
                .isEqualTo(spSigning.certificate().getSubjectX500Principal().getName());
        JWTClaimsSet claims = finishLow(browser, portal, pkce, answered, "uni-art");
        assertThat(claims.getClaim("email")).isEqualTo("erik@university.test");
    }

    @Test
    void aPlainAssertionWhereEncryptionIsRequiredAndAPostWhereArtifactsAreExpectedAreRefused() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("uni-art"), "portal", SECRET, REDIRECT);
        String acs = toegang.issuer("uni-art") + "/upstream/university/saml/acs";
        String spEntityId = toegang.issuer("uni-art") + "/upstream/university/saml/metadata";

        var page = toTheIdpPage(browser, portal, OidcTestClient.Pkce.create(), "uni-art");
        String requestId = parse(Base64.getDecoder().decode(hidden(page, "SAMLRequest"))).getDocumentElement()
                .getAttribute("ID");
        byte[] handle = new byte[20];
        RANDOM.nextBytes(handle);
        nextArtifactAnswer.set(serialize(response(requestId, acs, spEntityId, PASSWORD_CLASS, false)));
        var plain = browser.outcome(browser.get(acs + "?SAMLart=" + enc(artifact(handle)) + "&RelayState="
                + enc(hidden(page, "RelayState"))));
        assertThat(plain.statusCode()).as("encryptedAssertions: required").isEqualTo(400);
        assertThat(plain.body()).contains("id=\"upstream-retry\"").contains("id=\"upstream-back\"");

        var again = toTheIdpPage(browser, portal, OidcTestClient.Pkce.create(), "uni-art");
        String byPost = base64(response(parse(Base64.getDecoder().decode(hidden(again, "SAMLRequest")))
                .getDocumentElement().getAttribute("ID"), acs, spEntityId, PASSWORD_CLASS, true));
        var refused = browser.outcome(browser.postForm(acs, Map.of("SAMLResponse", byPost, "RelayState",
                hidden(again, "RelayState"), "bounced", "1")));
        assertThat(refused.statusCode()).as("the realm takes answers by artifact only").isEqualTo(400);
    }

    @Test
    void metadataFromAUrlIsUsedOnlyWithTheSignatureOfThePinnedCertificate() {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        String toIdp = toTheIdp(browser, new OidcTestClient(toegang.issuer("uni-url"), "portal", SECRET, REDIRECT),
                OidcTestClient.Pkce.create(), "uni-url");
        assertThat(toIdp).as("fetched, signature checked, SSO found").startsWith(SSO + "?SAMLRequest=");

        var refused = toTheIdpPage(browser, new OidcTestClient(toegang.issuer("uni-bad"), "portal", SECRET,
                REDIRECT), OidcTestClient.Pkce.create(), "uni-bad");
        assertThat(refused.statusCode()).as("metadata signed by another key is not used").isEqualTo(503);
        assertThat(refused.body()).contains("University cannot be reached").contains("id=\"upstream-back\"");
    }

    // ---- the portal and the login page ----

    private static HttpResponse<String> toTheIdpPage(Browser browser, OidcTestClient portal, OidcTestClient.Pkce pkce,
                                                     String realm) {
        Map<String, String> params = new LinkedHashMap<>(portal.authorizationParams(pkce, "portal-state",
                "portal-nonce"));
        if (realm.equals("uni-post")) {
            params.put("acr_values", SUBSTANTIAL);
        }
        var authorize = browser.get(portal.authorizationUrl(params));
        var loginPage = browser.get(Browser.resolve(authorize));
        assertThat(loginPage.body()).contains("Sign in with University");
        Matcher m = Pattern.compile("id=\"upstream-login-university\"\\s+href=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(m.find()).as(loginPage.body()).isTrue();
        var chose = browser.get(toegang.baseUrl() + m.group(1));
        return browser.get(Browser.resolve(chose));
    }

    private static String toTheIdp(Browser browser, OidcTestClient portal, OidcTestClient.Pkce pkce, String realm) {
        var start = toTheIdpPage(browser, portal, pkce, realm);
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        return Browser.location(start);
    }

    private static JWTClaimsSet finish(Browser browser, OidcTestClient portal, OidcTestClient.Pkce pkce,
                                       HttpResponse<String> acsAnswer, String realm) {
        JWTClaimsSet claims = tokens(browser, portal, pkce, acsAnswer, realm);
        assertThat(claims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        return claims;
    }

    private static JWTClaimsSet finishLow(Browser browser, OidcTestClient portal, OidcTestClient.Pkce pkce,
                                          HttpResponse<String> acsAnswer, String realm) {
        JWTClaimsSet claims = tokens(browser, portal, pkce, acsAnswer, realm);
        assertThat(claims.getClaim("acr")).isEqualTo("http://eidas.europa.eu/LoA/low");
        return claims;
    }

    private static JWTClaimsSet tokens(Browser browser, OidcTestClient portal, OidcTestClient.Pkce pkce,
                                       HttpResponse<String> acsAnswer, String realm) {
        assertThat(acsAnswer.statusCode()).as(acsAnswer.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(acsAnswer));
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back)).startsWith(REDIRECT);
        Map<String, String> result = Browser.queryParams(Browser.location(back));
        assertThat(result).containsEntry("state", "portal-state");
        HttpResponse<String> tokens = portal.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        lastIdToken = OidcTestClient.json(tokens.body()).get("id_token").asString();
        JWTClaimsSet claims = portal.verify(lastIdToken);
        assertThat(claims.getIssuer()).isEqualTo(toegang.issuer(realm));
        assertThat(claims.getAudience()).containsExactly("portal");
        assertThat(claims.getClaim("nonce")).isEqualTo("portal-nonce");
        assertThat(claims.getSubject()).as("pairwise, not the NameID").isNotEqualTo(NAME_ID)
                .doesNotContain("university");
        return claims;
    }

    // ---- the independent IdP: plain JDK DOM, Santuario, JCA ----

    /** The Redirect-bound AuthnRequest, its signature checked with Toegang's SP certificate. */
    private static Document verifyRedirectAuthnRequest(String url) throws Exception {
        return verifyRedirect(url, "SAMLRequest", spSigning.certificate());
    }

    /** A Response with one Assertion (signed, then for the artifact realm encrypted to our SP certificate). */
    private static Document response(String inResponseTo, String acs, String spEntityId, String classRef,
                                     boolean encrypt) throws Exception {
        return SamlTestMessages.response().issuer(IDP).inResponseTo(inResponseTo).destination(acs)
                .audience(spEntityId).assertionDeclaresNamespace().nameId(NAME_ID, PERSISTENT, null, null)
                .sessionIndex("_s" + hex(8)).classRef(classRef)
                .attribute("urn:oid:2.16.840.1.113730.3.1.241", "Erik Student")
                .attribute("urn:oid:0.9.2342.19200300.100.1.3", "erik@university.test")
                .attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "student")
                .signedBy(idpSigning.keyPair().getPrivate(), idpSigning.certificate())
                .encryptedTo(encrypt ? spSigning.certificate().getPublicKey() : null).build();
    }

    /** SAML bindings §3.6.4: type 0x0004, endpoint index 0, SHA-1 of the entityID, then the message handle. */
    private static String artifact(byte[] handle) throws Exception {
        byte[] bytes = new byte[44];
        bytes[1] = 4;
        System.arraycopy(MessageDigest.getInstance("SHA-1").digest(IDP.getBytes(StandardCharsets.UTF_8)), 0, bytes, 4,
                20);
        System.arraycopy(handle, 0, bytes, 24, 20);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The IdP's metadata on a URL: signed by the pinned metadata key ({@code /signed}) or by another ({@code /foreign}). */
    private static String startMetadataService(String artifactUrl) throws Exception {
        byte[] signed = signedMetadata(artifactUrl, metadataSigning);
        byte[] foreign = signedMetadata(artifactUrl, DevCertificates.generate("Mallory", false, RANDOM,
                Instant.now()));
        metadataService = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        metadataService.createContext("/", exchange -> {
            byte[] body = exchange.getRequestURI().getPath().endsWith("/signed") ? signed : foreign;
            exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metadataService.start();
        return "http://localhost:" + metadataService.getAddress().getPort() + "/metadata";
    }

    private static byte[] signedMetadata(String artifactUrl, DevCertificates.Generated signer) throws Exception {
        Document doc = parse(idpMetadata(artifactUrl).getBytes(StandardCharsets.UTF_8));
        Element root = doc.getDocumentElement();
        root.setAttributeNS(null, "ID", "_metadata1");
        sign(root, null, signer.keyPair().getPrivate(), null);
        return serialize(doc);
    }

    /** The IdP's artifact resolution service: mutual TLS, SOAP, a signed ArtifactResponse around the Response. */
    private static String startArtifactService() throws Exception {
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", idpTls.keyPair().getPrivate(), password, new Certificate[]{idpTls.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("sp", spSigning.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
        artifactService = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        artifactService.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                var parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true); // no client certificate, no handshake
                params.setSSLParameters(parameters);
            }
        });
        artifactService.createContext("/artifact", exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                artifactResolveSeen.set(new String(body, StandardCharsets.UTF_8));
                try {
                    var session = ((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession();
                    clientCertificateSeen.set(((X509Certificate) session.getPeerCertificates()[0])
                            .getSubjectX500Principal().getName());
                } catch (SSLPeerUnverifiedException e) {
                    clientCertificateSeen.set(null);
                }
                Document resolve = parse(body);
                Element artifactResolve = (Element) resolve.getElementsByTagNameNS(SAMLP, "ArtifactResolve").item(0);
                byte[] answer = artifactResponse(artifactResolve.getAttribute("ID"),
                        parse(nextArtifactAnswer.getAndSet(null)));
                exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        artifactService.start();
        return "https://localhost:" + artifactService.getAddress().getPort() + "/artifact";
    }

    private static byte[] artifactResponse(String inResponseTo, Document response) throws Exception {
        Element artifactResponse = protocolMessage(soapBody(), "ArtifactResponse", "_ar" + hex(16), Instant.now(),
                null, inResponseTo, IDP);
        status(artifactResponse, SUCCESS);
        artifactResponse.appendChild(artifactResponse.getOwnerDocument().importNode(response.getDocumentElement(),
                true));
        sign(artifactResponse, issuer(artifactResponse), idpSigning.keyPair().getPrivate(), idpSigning.certificate());
        return serialize(artifactResponse.getOwnerDocument());
    }

    private static String idpMetadata(String artifactUrl) throws Exception {
        String certificate = Base64.getEncoder().encodeToString(idpSigning.certificate().getEncoded());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
                    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%1$s">
                  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
                      WantAuthnRequestsSigned="true">
                    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%2$s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                    <md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="%3$s" index="0"/>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="%4$s"/>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="%4$s"/>
                  </md:IDPSSODescriptor>
                </md:EntityDescriptor>
                """.formatted(IDP, certificate, artifactUrl, SSO).strip();
    }

    // ---- plumbing ----

    private static Map<String, String> query(String url) {
        return Browser.queryParams(url);
    }

    private static String enc(String value) {
        return Browser.enc(value);
    }

}
