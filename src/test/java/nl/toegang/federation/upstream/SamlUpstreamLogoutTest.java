package nl.toegang.federation.upstream;

import nl.toegang.federation.digid.DevCertificates;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.MutableClock;
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

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static nl.toegang.testsupport.Browser.hidden;
import static nl.toegang.testsupport.SamlTestMessages.DSIG;
import static nl.toegang.testsupport.SamlTestMessages.PERSISTENT;
import static nl.toegang.testsupport.SamlTestMessages.SAML;
import static nl.toegang.testsupport.SamlTestMessages.SAMLP;
import static nl.toegang.testsupport.SamlTestMessages.SUCCESS;
import static nl.toegang.testsupport.SamlTestMessages.base64;
import static nl.toegang.testsupport.SamlTestMessages.hex;
import static nl.toegang.testsupport.SamlTestMessages.issuer;
import static nl.toegang.testsupport.SamlTestMessages.protocolMessage;
import static nl.toegang.testsupport.SamlTestMessages.sign;
import static nl.toegang.testsupport.SamlTestMessages.status;
import static nl.toegang.testsupport.SamlTestMessages.verifyEnveloped;
import static nl.toegang.testsupport.TestXml.add;
import static nl.toegang.testsupport.TestXml.newDocument;
import static nl.toegang.testsupport.TestXml.parse;
import static nl.toegang.testsupport.TestXml.pem;
import static nl.toegang.testsupport.TestXml.serialize;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SAML single logout with an upstream SAML IdP that no one in this project wrote: the IdP here is built on Apache
 * Santuario and the plain JDK only (DOM, Inflater/Deflater, JCA). It verifies Toegang's LogoutRequest as an IdP would
 * (POST: Santuario's XMLSignature; Redirect: JCA over the query octets of SAML bindings §3.4.4.1), checks that the
 * NameID comes back exactly as it asserted it (value, Format, NameQualifier, SPNameQualifier) with the SessionIndex,
 * and answers with its own signed LogoutResponse. Realms:
 * <ul>
 *   <li>{@code slo-post}: the IdP's metadata offers SingleLogoutService by POST and Redirect (Toegang uses POST);</li>
 *   <li>{@code slo-redirect}: by Redirect only;</li>
 *   <li>{@code slo-none}: no SingleLogoutService: RP-initiated logout goes straight back to the portal.</li>
 * </ul>
 */
class SamlUpstreamLogoutTest {
    static final String REDIRECT = "https://portal.example.test/callback";
    static final String BYE = "https://portal.example.test/bye";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String IDP = "https://idp.university.test/saml";
    static final String SSO = "https://idp.university.test/sso";
    static final String IDP_SLO = "https://idp.university.test/slo";
    static final String PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    static final String NAME_ID = "u-51c0ffee@university.test";
    static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    static final SecureRandom RANDOM = new SecureRandom();
    /** Toegang's clock, and the IdP's: the test moves it past the lifetime of a pending logout. */
    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @TempDir
    static Path temp;
    static TestServer toegang;
    static DevCertificates.Generated idpSigning;
    static DevCertificates.Generated mallory;
    static DevCertificates.Generated spSigning;

    @BeforeAll
    static void start() throws Exception {
        Init.init();
        Instant now = Instant.now();
        idpSigning = DevCertificates.generate("University IdP signing", false, RANDOM, now);
        mallory = DevCertificates.generate("Mallory", false, RANDOM, now);
        spSigning = DevCertificates.generate("Toegang SP", false, RANDOM, now);
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("slo-both.xml"), idpMetadata("""
                <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="%1$s"/>
                <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="%1$s"/>
                """.formatted(IDP_SLO)));
        Files.writeString(realms.resolve("slo-redirect.xml"), idpMetadata("""
                <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="%1$s"/>
                """.formatted(IDP_SLO)));
        Files.writeString(realms.resolve("slo-none.xml"), idpMetadata(""));
        Files.writeString(realms.resolve("sp.key.pem"), pem("PRIVATE KEY",
                spSigning.keyPair().getPrivate().getEncoded()));
        Files.writeString(realms.resolve("sp.cert.pem"), pem("CERTIFICATE", spSigning.certificate().getEncoded()));
        for (var realm : Map.of("slo-post", "slo-both.xml", "slo-redirect", "slo-redirect.xml",
                "slo-none", "slo-none.xml").entrySet()) {
            Files.writeString(realms.resolve(realm.getKey() + ".yaml"), """
                    name: %s
                    displayName: Portaal
                    clients:
                      - clientId: portal
                        type: confidential
                        secret: %s
                        redirectUris: [%s]
                        postLogoutRedirectUris: [%s]
                        scopes: [openid, profile, email]
                    upstreams:
                      - id: university
                        type: saml
                        displayName: {nl: Universiteit, en: University}
                        metadata: %s
                        signingKey: sp.key.pem
                        signingCertificate: sp.cert.pem
                        authnRequestBinding: redirect
                        responseBinding: post
                    """.formatted(realm.getKey(), SECRET, REDIRECT, BYE, realm.getValue()));
        }
        toegang = TestServer.embedded(temp.resolve("data"), realms, Map.of()).withClock(CLOCK).start();
    }

    @AfterAll
    static void stop() {
        if (toegang != null) {
            toegang.stop();
        }
    }

    // ---- SP-initiated (RP-initiated logout at the portal) ----

    @Test
    void logoutByPostSendsTheNameIdAsAssertedAndContinuesToThePortalOnTheIdpsSignedAnswer() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        Login login = login(browser, "slo-post");
        var form = startLogout(browser, "slo-post", login);
        assertThat(form.body()).contains("id=\"upstream-logout-form\"").contains("action=\"" + IDP_SLO + "\"");
        Element request = verifiedPostLogoutRequest(form, login);

        // The metadata of our SP publishes where the IdP answers.
        var metadata = new Browser().get(spEntityId("slo-post"), Map.of());
        assertThat(metadata.body()).contains("SingleLogoutService").contains(slo("slo-post"));

        // The IdP's answer is a cross-site POST (no cookie): bounced once through our page, then it completes.
        String answer = postResponse(request.getAttribute("ID"), slo("slo-post"), SUCCESS, idpSigning);
        var crossSite = new Browser().postForm(slo("slo-post"), Map.of("SAMLResponse", answer, "RelayState",
                hidden(form, "RelayState")));
        assertThat(crossSite.statusCode()).isEqualTo(200);
        assertThat(crossSite.body()).contains("id=\"upstream-slo-bounce-form\"");
        var done = browser.postForm(slo("slo-post"), Map.of("SAMLResponse", hidden(crossSite, "SAMLResponse"),
                "RelayState", hidden(crossSite, "RelayState"), "bounced", "1"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(Browser.location(done)).isEqualTo(BYE + "?state=bye-1");
        assertSignedOut(browser, "slo-post");

        // The same answer again: a replay, refused (the portal's target was used up: our signed-out page).
        var replayed = browser.postForm(slo("slo-post"), Map.of("SAMLResponse", answer, "RelayState",
                hidden(form, "RelayState"), "bounced", "1"));
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.body()).contains("id=\"upstream-logout-incomplete\"")
                .contains("/realms/slo-post/logout/done");
    }

    @Test
    void logoutByRedirectIsSignedOverTheQueryAndTheIdpsRedirectAnswerIsVerifiedTheSameWay() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        Login login = login(browser, "slo-redirect");
        var toIdp = startLogout(browser, "slo-redirect", login);
        assertThat(toIdp.statusCode()).isEqualTo(303);
        String url = Browser.location(toIdp);
        assertThat(url).startsWith(IDP_SLO + "?SAMLRequest=");
        Element request = verifyRedirect(url, "SAMLRequest").getDocumentElement();
        assertNameIdAsAsserted(request, login);
        String relayState = Browser.queryParams(url).get("RelayState");

        // Signed by another key: refused, with the page that says the IdP may still be signed in.
        var forged = browser.get(slo("slo-redirect") + "?" + redirectQuery(logoutResponse(request.getAttribute("ID"),
                slo("slo-redirect"), SUCCESS), relayState, mallory.keyPair().getPrivate()));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("id=\"upstream-logout-incomplete\"")
                .contains("University did not confirm").contains(BYE + "?state=bye-1");

        // A forged answer uses nothing up: the IdP's real answer still completes the logout.
        var done = browser.get(slo("slo-redirect") + "?" + redirectQuery(logoutResponse(request.getAttribute("ID"),
                slo("slo-redirect"), SUCCESS), relayState, idpSigning.keyPair().getPrivate()));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(Browser.location(done)).isEqualTo(BYE + "?state=bye-1");
        assertSignedOut(browser, "slo-redirect");
    }

    @Test
    void unsignedWronglySignedAndMisdirectedAnswersAreRefusedAndTheSessionStaysEnded() throws Exception {
        for (String attack : new String[]{"unsigned", "mallory", "in-response-to", "another-browser"}) {
            Browser browser = new Browser(Map.of("Accept-Language", "en"));
            Login login = login(browser, "slo-post");
            var form = startLogout(browser, "slo-post", login);
            String requestId = verifiedPostLogoutRequest(form, login).getAttribute("ID");
            String answer = switch (attack) {
                case "unsigned" -> base64(logoutResponse(requestId, slo("slo-post"), SUCCESS).getOwnerDocument());
                case "mallory" -> postResponse(requestId, slo("slo-post"), SUCCESS, mallory);
                case "in-response-to" -> postResponse("_not" + requestId, slo("slo-post"), SUCCESS, idpSigning);
                default -> postResponse(requestId, slo("slo-post"), SUCCESS, idpSigning);
            };
            Browser sender = attack.equals("another-browser") ? new Browser(Map.of("Accept-Language", "en"))
                    : browser;
            var refused = sender.postForm(slo("slo-post"), Map.of("SAMLResponse", answer, "RelayState",
                    hidden(form, "RelayState"), "bounced", "1"));
            assertThat(refused.statusCode()).as(attack).isEqualTo(400);
            assertThat(refused.body()).as(attack).contains("id=\"upstream-logout-incomplete\"")
                    .contains("You may still be signed in at University");
            assertSignedOut(browser, "slo-post");
            if (attack.equals("another-browser")) {
                // The other browser's attempt did not touch this browser's logout: its real answer still completes.
                var done = browser.postForm(slo("slo-post"), Map.of("SAMLResponse", answer, "RelayState",
                        hidden(form, "RelayState"), "bounced", "1"));
                assertThat(Browser.location(done)).isEqualTo(BYE + "?state=bye-1");
            }
        }
    }

    @Test
    void anIdpThatDoesNotConfirmTheLogoutGetsAClearPageInBothLanguagesWithTheWayBack() throws Exception {
        for (String language : new String[]{"en", "nl"}) {
            Browser browser = new Browser(Map.of("Accept-Language", language));
            Login login = login(browser, "slo-post");
            var form = startLogout(browser, "slo-post", login);
            String requestId = verifiedPostLogoutRequest(form, login).getAttribute("ID");
            var page = browser.postForm(slo("slo-post"), Map.of("SAMLResponse", postResponse(requestId,
                    slo("slo-post"), "urn:oasis:names:tc:SAML:2.0:status:Responder", idpSigning),
                    "RelayState", hidden(form, "RelayState"), "bounced", "1"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"upstream-logout-back\"")
                    .contains("href=\"" + BYE + "?state=bye-1\"")
                    .contains(language.equals("nl") ? "Misschien bent u bij Universiteit nog ingelogd"
                            : "You may still be signed in at University");
            assertSignedOut(browser, "slo-post");
        }
    }

    @Test
    void anAnswerAfterTheLifetimeOfThePendingLogoutDoesNotConfirmIt() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        Login login = login(browser, "slo-post");
        var form = startLogout(browser, "slo-post", login);
        String requestId = verifiedPostLogoutRequest(form, login).getAttribute("ID");
        Instant before = CLOCK.instant();
        CLOCK.advance(SamlUpstreamLogout.PENDING_LIFETIME.plusMinutes(1));
        try {
            var late = browser.postForm(slo("slo-post"), Map.of("SAMLResponse", postResponse(requestId,
                    slo("slo-post"), SUCCESS, idpSigning), "RelayState", hidden(form, "RelayState"), "bounced", "1"));
            assertThat(late.statusCode()).isEqualTo(200);
            assertThat(late.body()).contains("id=\"upstream-logout-incomplete\"")
                    .contains("href=\"" + BYE + "?state=bye-1\"");
        } finally {
            CLOCK.set(before.plusSeconds(1));
        }
        assertSignedOut(browser, "slo-post");
    }

    @Test
    void anIdpWithoutSingleLogoutSendsTheBrowserStraightBackToThePortal() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        Login login = login(browser, "slo-none");
        var next = startLogout(browser, "slo-none", login);
        assertThat(next.statusCode()).isEqualTo(303);
        assertThat(Browser.location(next)).isEqualTo(BYE + "?state=bye-1");
        assertSignedOut(browser, "slo-none");
    }

    // ---- IdP-initiated ----

    @Test
    void anIdpInitiatedLogoutRequestEndsThisBrowsersSessionOnceAndIsAnsweredSigned() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        Login login = login(browser, "slo-post");
        String request = idpLogoutRequest(slo("slo-post"), login.sessionIndex());
        // Cross-site POST: bounced once, then with the cookie.
        var bounce = new Browser().postForm(slo("slo-post"), Map.of("SAMLRequest", request, "RelayState", "idp-rs"));
        assertThat(bounce.body()).contains("id=\"upstream-slo-bounce-form\"");
        var answer = browser.postForm(slo("slo-post"), Map.of("SAMLRequest", hidden(bounce, "SAMLRequest"),
                "RelayState", hidden(bounce, "RelayState"), "bounced", "1"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("id=\"upstream-logout-form\"").contains("action=\"" + IDP_SLO + "\"");
        assertThat(hidden(answer, "RelayState")).isEqualTo("idp-rs");
        Element response = parse(Base64.getDecoder().decode(hidden(answer, "SAMLResponse"))).getDocumentElement();
        verifyEnveloped(response, spSigning.certificate());
        assertThat(response.getLocalName()).isEqualTo("LogoutResponse");
        assertThat(response.getAttribute("InResponseTo")).isEqualTo(parse(Base64.getDecoder().decode(request))
                .getDocumentElement().getAttribute("ID"));
        assertThat(((Element) response.getElementsByTagNameNS(SAMLP, "StatusCode").item(0)).getAttribute("Value"))
                .isEqualTo(SUCCESS);
        assertSignedOut(browser, "slo-post");

        // The same LogoutRequest again is a replay.
        var replayed = browser.postForm(slo("slo-post"), Map.of("SAMLRequest", request, "bounced", "1"));
        assertThat(replayed.statusCode()).isEqualTo(400);

        // One signed by another key ends nothing.
        Browser other = new Browser(Map.of("Accept-Language", "en"));
        Login otherLogin = login(other, "slo-post");
        Document forged = parse(Base64.getDecoder().decode(idpLogoutRequest(slo("slo-post"),
                otherLogin.sessionIndex())));
        Element root = forged.getDocumentElement();
        root.removeChild(root.getElementsByTagNameNS(DSIG, "Signature").item(0));
        sign(root, issuer(root), mallory.keyPair().getPrivate(), mallory.certificate());
        var refused = other.postForm(slo("slo-post"), Map.of("SAMLRequest", base64(forged), "bounced", "1"));
        assertThat(refused.statusCode()).isEqualTo(400);
        var stillIn = other.get(new OidcTestClient(toegang.issuer("slo-post"), "portal", SECRET, REDIRECT)
                .authorizationUrl(new OidcTestClient(toegang.issuer("slo-post"), "portal", SECRET, REDIRECT)
                        .authorizationParams(OidcTestClient.Pkce.create(), "s", "n")));
        assertThat(Browser.location(stillIn)).as("still signed in").startsWith(REDIRECT);
    }

    @Test
    void anIdpInitiatedLogoutRequestByRedirectIsAnsweredByRedirectSignedOverTheQuery() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        Login login = login(browser, "slo-redirect");
        Document request = parse(Base64.getDecoder().decode(idpLogoutRequest(slo("slo-redirect"),
                login.sessionIndex())));
        Element root = request.getDocumentElement();
        // The Redirect binding signs the query, not the XML.
        root.removeChild(root.getElementsByTagNameNS(DSIG, "Signature").item(0));
        var answer = browser.get(slo("slo-redirect") + "?" + redirectQuery("SAMLRequest", root, "idp-rs",
                idpSigning.keyPair().getPrivate()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
        String url = Browser.location(answer);
        assertThat(url).startsWith(IDP_SLO + "?SAMLResponse=");
        assertThat(Browser.queryParams(url).get("RelayState")).isEqualTo("idp-rs");
        Element response = verifyRedirect(url, "SAMLResponse").getDocumentElement();
        assertThat(response.getLocalName()).isEqualTo("LogoutResponse");
        assertThat(response.getAttribute("InResponseTo")).isEqualTo(root.getAttribute("ID"));
        assertSignedOut(browser, "slo-redirect");
    }

    // ---- the portal, the login and the logout ----

    record Login(String idToken, String sessionIndex, String spNameQualifier) {
    }

    private static Login login(Browser browser, String realm) throws Exception {
        OidcTestClient portal = new OidcTestClient(toegang.issuer(realm), "portal", SECRET, REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        var authorize = browser.get(portal.authorizationUrl(portal.authorizationParams(pkce, "portal-state",
                "portal-nonce")));
        var loginPage = browser.get(Browser.resolve(authorize));
        Matcher m = Pattern.compile("id=\"upstream-login-university\"\\s+href=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(m.find()).as(loginPage.body()).isTrue();
        var start = browser.get(Browser.resolve(browser.get(toegang.baseUrl() + m.group(1))));
        String toIdp = Browser.location(start);
        Element authnRequest = verifyRedirect(toIdp, "SAMLRequest").getDocumentElement();
        String acs = toegang.issuer(realm) + "/upstream/university/saml/acs";
        String sessionIndex = "_s" + hex(8);
        String answer = base64(response(authnRequest.getAttribute("ID"), acs, spEntityId(realm), sessionIndex));
        var acsAnswer = browser.postForm(acs, Map.of("SAMLResponse", answer, "RelayState",
                Browser.queryParams(toIdp).get("RelayState"), "bounced", "1"));
        assertThat(acsAnswer.statusCode()).as(acsAnswer.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(acsAnswer));
        Map<String, String> result = Browser.queryParams(Browser.location(back));
        HttpResponse<String> tokens = portal.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return new Login(OidcTestClient.json(tokens.body()).get("id_token").asString(), sessionIndex,
                spEntityId(realm));
    }

    /** RP-initiated logout at the portal; the answer that goes on to the IdP (or back to the portal). */
    private static HttpResponse<String> startLogout(Browser browser, String realm, Login login) {
        var endSession = browser.get(toegang.issuer(realm) + "/connect/logout?" + Browser.formBody(Map.of(
                "id_token_hint", login.idToken(), "post_logout_redirect_uri", BYE, "state", "bye-1")));
        assertThat(endSession.statusCode()).isEqualTo(303);
        assertThat(Browser.location(endSession)).contains("/upstream/logout");
        return browser.get(Browser.resolve(endSession));
    }

    private static void assertSignedOut(Browser browser, String realm) {
        OidcTestClient portal = new OidcTestClient(toegang.issuer(realm), "portal", SECRET, REDIRECT);
        var again = browser.get(portal.authorizationUrl(portal.authorizationParams(OidcTestClient.Pkce.create(),
                "s", "n")));
        assertThat(Browser.location(again)).as("signed out of Toegang").contains("/realms/" + realm + "/login");
    }

    private static String spEntityId(String realm) {
        return toegang.issuer(realm) + "/upstream/university/saml/metadata";
    }

    private static String slo(String realm) {
        return toegang.issuer(realm) + "/upstream/university/saml/slo";
    }

    // ---- the independent IdP: plain JDK DOM, Santuario, JCA ----

    private static Element verifiedPostLogoutRequest(HttpResponse<String> form, Login login) throws Exception {
        Element request = parse(Base64.getDecoder().decode(hidden(form, "SAMLRequest"))).getDocumentElement();
        verifyEnveloped(request, spSigning.certificate());
        assertThat(request.getAttribute("Destination")).isEqualTo(IDP_SLO);
        assertNameIdAsAsserted(request, login);
        return request;
    }

    private static void assertNameIdAsAsserted(Element request, Login login) {
        assertThat(request.getLocalName()).isEqualTo("LogoutRequest");
        assertThat(request.getElementsByTagNameNS(SAML, "Issuer").item(0).getTextContent())
                .isEqualTo(login.spNameQualifier());
        Element nameId = (Element) request.getElementsByTagNameNS(SAML, "NameID").item(0);
        assertThat(nameId.getTextContent()).isEqualTo(NAME_ID);
        assertThat(nameId.getAttribute("Format")).isEqualTo(PERSISTENT);
        assertThat(nameId.getAttribute("NameQualifier")).isEqualTo(IDP);
        assertThat(nameId.getAttribute("SPNameQualifier")).isEqualTo(login.spNameQualifier());
        assertThat(request.getElementsByTagNameNS(SAMLP, "SessionIndex").item(0).getTextContent())
                .isEqualTo(login.sessionIndex());
    }

    /** A Redirect-bound message of Toegang, its signature checked with Toegang's SP certificate. */
    private static Document verifyRedirect(String url, String messageName) throws Exception {
        return SamlTestMessages.verifyRedirect(url, messageName, spSigning.certificate());
    }

    /** The IdP's Redirect-bound LogoutResponse: DEFLATE, base64, URL-encode, JCA signature over the octets. */
    private static String redirectQuery(Element response, String relayState, PrivateKey key) throws Exception {
        return redirectQuery("SAMLResponse", response, relayState, key);
    }

    private static String redirectQuery(String messageName, Element message, String relayState, PrivateKey key)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFLATED, true))) {
            deflater.write(serialize(message.getOwnerDocument()));
        }
        String octets = messageName + "=" + URLEncoder.encode(Base64.getEncoder().encodeToString(out.toByteArray()),
                StandardCharsets.UTF_8) + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8)
                + "&SigAlg=" + URLEncoder.encode(RSA_SHA256, StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(octets.getBytes(StandardCharsets.US_ASCII));
        return octets + "&Signature=" + URLEncoder.encode(Base64.getEncoder().encodeToString(signer.sign()),
                StandardCharsets.UTF_8);
    }

    private static String postResponse(String inResponseTo, String destination, String status,
                                       DevCertificates.Generated signer) throws Exception {
        Element response = logoutResponse(inResponseTo, destination, status);
        sign(response, issuer(response), signer.keyPair().getPrivate(), signer.certificate());
        return base64(response.getOwnerDocument());
    }

    private static Element logoutResponse(String inResponseTo, String destination, String status) {
        Element response = protocolMessage(newDocument(), "LogoutResponse", "_lr" + hex(16), CLOCK.instant(),
                destination, inResponseTo, IDP);
        status(response, status);
        return response;
    }

    /** The IdP ends its session: a signed LogoutRequest (POST binding) for the NameID and SessionIndex it issued. */
    private static String idpLogoutRequest(String destination, String sessionIndex) throws Exception {
        Element request = protocolMessage(newDocument(), "LogoutRequest", "_lq" + hex(16), CLOCK.instant(),
                destination, null, IDP);
        Element nameId = add(request, SAML, "saml:NameID");
        nameId.setAttributeNS(null, "Format", PERSISTENT);
        nameId.setTextContent(NAME_ID);
        add(request, SAMLP, "samlp:SessionIndex").setTextContent(sessionIndex);
        sign(request, issuer(request), idpSigning.keyPair().getPrivate(), idpSigning.certificate());
        return base64(request.getOwnerDocument());
    }

    private static Document response(String inResponseTo, String acs, String spEntityId, String sessionIndex)
            throws Exception {
        return SamlTestMessages.response().issueInstant(CLOCK.instant()).issuer(IDP).inResponseTo(inResponseTo)
                .destination(acs).audience(spEntityId).nameId(NAME_ID, PERSISTENT, IDP, spEntityId)
                .sessionIndex(sessionIndex).classRef(PASSWORD_CLASS)
                .signedBy(idpSigning.keyPair().getPrivate(), idpSigning.certificate()).build();
    }

    private static String idpMetadata(String slo) throws Exception {
        String certificate = Base64.getEncoder().encodeToString(idpSigning.certificate().getEncoded());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
                    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%1$s">
                  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
                      WantAuthnRequestsSigned="true">
                    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%2$s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                    %3$s
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="%4$s"/>
                  </md:IDPSSODescriptor>
                </md:EntityDescriptor>
                """.formatted(IDP, certificate, slo, SSO).strip();
    }
}
