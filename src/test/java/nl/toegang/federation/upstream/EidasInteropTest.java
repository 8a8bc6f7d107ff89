package nl.toegang.federation.upstream;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.federation.digid.DevCertificates;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.SamlTestMessages;
import nl.toegang.testsupport.TestServer;
import org.apache.xml.security.Init;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static nl.toegang.testsupport.Browser.hidden;
import static nl.toegang.testsupport.SamlTestMessages.SAML;
import static nl.toegang.testsupport.SamlTestMessages.SAMLP;
import static nl.toegang.testsupport.SamlTestMessages.TRANSIENT;
import static nl.toegang.testsupport.SamlTestMessages.XMLNS;
import static nl.toegang.testsupport.SamlTestMessages.assertion;
import static nl.toegang.testsupport.SamlTestMessages.base64;
import static nl.toegang.testsupport.SamlTestMessages.encrypt;
import static nl.toegang.testsupport.SamlTestMessages.hex;
import static nl.toegang.testsupport.SamlTestMessages.issuer;
import static nl.toegang.testsupport.SamlTestMessages.sign;
import static nl.toegang.testsupport.SamlTestMessages.verifyEnveloped;
import static nl.toegang.testsupport.TestXml.parse;
import static nl.toegang.testsupport.TestXml.pem;
import static nl.toegang.testsupport.TestXml.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop with an eIDAS node that no one in this project wrote: the node below is built directly on Apache
 * Santuario's public API and the plain JDK (DOM, Transformer, JCA), not on any Toegang building, signing, encrypting
 * or verifying code. It checks Toegang's POST-bound eIDAS AuthnRequest as a node would (Santuario's XMLSignature over
 * the enveloped signature, the eIDAS extensions by namespace), then answers by HTTP-POST in the eIDAS format: a
 * Response with one Assertion, signed and then encrypted (AES-256-GCM, RSA-OAEP) to the SP certificate, a transient
 * NameID, and the natural-person attributes of the eIDAS SAML Attribute Profile v1.2 (names with a non-Latin original
 * marked {@code LatinScript="false"} beside their transliteration).
 * <ul>
 *   <li>realm {@code eu-node}: a direct node (SPType and RequestedAttributes in the request, NameIDPolicy transient);
 *   clients {@code portal} (not allowed the PersonIdentifier) and {@code registry} (allowed, in an encrypted ID
 *   token);</li>
 *   <li>realm {@code eu-broker}: a broker (no extensions, no NameIDPolicy, its own level URIs mapped to eIDAS
 *   levels).</li>
 * </ul>
 * Then the refusals: a level below the client's minimum, a missing mandatory attribute, a malformed
 * PersonIdentifier or DateOfBirth, a PersonIdentifier for another country, an unencrypted assertion, a replay.
 */
class EidasInteropTest {
    static final String PORTAL_REDIRECT = "https://portal.example.test/callback";
    static final String REGISTRY_REDIRECT = "https://registry.example.org/callback";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String NODE = "https://eidas.node.test/ServiceMetadata";
    static final String SSO = "https://eidas.node.test/ColleagueRequest";
    static final String LOW = "http://eidas.europa.eu/LoA/low";
    static final String SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial";
    static final String HIGH = "http://eidas.europa.eu/LoA/high";
    static final String BROKER_LOA3 = "urn:etoegang:core:assurance-class:loa3";
    static final String NP = "http://eidas.europa.eu/attributes/naturalperson/";
    static final String EIDAS = "http://eidas.europa.eu/saml-extensions";
    static final String PERSON_IDENTIFIER = "EL/NL/4f8e1c2a9b7d";
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temp;
    static TestServer toegang;
    static DevCertificates.Generated nodeSigning;
    static DevCertificates.Generated spSigning;
    static RSAKey registryKey;
    /** The node's signature method; eIDAS nodes sign with RSASSA-PSS (see the PSS test). */
    static volatile String signatureMethod = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
    /** A node with an ECDSA P-256 signing key (realm eu-ec). */
    static java.security.KeyPair ecKey;
    static java.security.cert.X509Certificate ecCertificate;
    static volatile boolean signWithEc;

    @BeforeAll
    static void start() throws Exception {
        Init.init();
        Instant now = Instant.now();
        nodeSigning = DevCertificates.generate("eIDAS node signing", false, RANDOM, now);
        spSigning = DevCertificates.generate("Toegang eIDAS connector", false, RANDOM, now);
        registryKey = new RSAKeyGenerator(2048).keyID("registry-enc").keyUse(KeyUse.ENCRYPTION).generate();

        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("node-metadata.xml"), nodeMetadata(nodeSigning.certificate()));
        var ec = java.security.KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        ecKey = ec.generateKeyPair();
        var name = new org.bouncycastle.asn1.x500.X500Name("CN=eIDAS node ECDSA signing");
        ecCertificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
                        java.util.Date.from(now.minus(Duration.ofDays(1))),
                        java.util.Date.from(now.plus(Duration.ofDays(30))), name, ecKey.getPublic())
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                                .build(ecKey.getPrivate())));
        Files.writeString(realms.resolve("node-ec-metadata.xml"), nodeMetadata(ecCertificate));
        Files.writeString(realms.resolve("sp.key.pem"), pem("PRIVATE KEY",
                spSigning.keyPair().getPrivate().getEncoded()));
        Files.writeString(realms.resolve("sp.cert.pem"), pem("CERTIFICATE", spSigning.certificate().getEncoded()));
        String clients = """
                clients:
                  - clientId: portal
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid, profile, address]
                  - clientId: registry
                    type: confidential
                    secret: %1$s
                    redirectUris: [%3$s]
                    scopes: [openid, profile, eidas_person_identifier]
                    eidasPersonIdentifier:
                      eligible: true
                      jwks: '%4$s'
                """.formatted(SECRET, PORTAL_REDIRECT, REGISTRY_REDIRECT,
                new JWKSet(registryKey.toPublicJWK()).toString());
        String upstream = """
                upstreams:
                  - id: eu
                    type: saml
                    preset: eidas
                    displayName: {nl: Europese eID, en: European eID}
                    metadata: node-metadata.xml
                    signingKey: sp.key.pem
                    signingCertificate: sp.cert.pem
                """;
        Files.writeString(realms.resolve("eu-node.yaml"), "name: eu-node\ndisplayName: Portaal\n" + clients
                + upstream + """
                    eidas:
                      spType: public
                      optionalAttributes: [Gender, CurrentAddress]
                      nameIdFormat: transient
                """);
        Files.writeString(realms.resolve("eu-ec.yaml"), "name: eu-ec\ndisplayName: Portaal\n" + clients
                + upstream.replace("node-metadata.xml", "node-ec-metadata.xml") + """
                    eidas: {spType: public}
                """);
        Files.writeString(realms.resolve("eu-broker.yaml"), "name: eu-broker\ndisplayName: Portaal\n" + clients
                + upstream + """
                    eidas:
                      spType: none
                      requestedAttributes: metadata
                      nameIdFormat: none
                    acr:
                      - {upstream: "%s", issued: "%s"}
                """.formatted(BROKER_LOA3, SUBSTANTIAL));
        toegang = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (toegang != null) {
            toegang.stop();
        }
    }

    // ---- the flows ----

    @Test
    void aNodeLoginEndsWithTheAssertedLevelNamesBirthdateAndAPairwiseSubButNoIdentifierForAnOrdinaryClient()
            throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("eu-node"), "portal", SECRET, PORTAL_REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        Login login = toTheNode(browser, portal, pkce, "eu-node", SUBSTANTIAL, "openid profile address");

        // The node reads the eIDAS AuthnRequest: signed, forced, the extensions, the minimum level.
        Element request = login.request().getDocumentElement();
        assertThat(request.getAttribute("ForceAuthn")).isEqualTo("true");
        assertThat(request.getAttribute("IsPassive")).isEqualTo("false");
        assertThat(text(request, EIDAS, "SPType")).isEqualTo("public");
        Map<String, String> requested = new LinkedHashMap<>();
        NodeList attributes = request.getElementsByTagNameNS(EIDAS, "RequestedAttribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element a = (Element) attributes.item(i);
            assertThat(a.getAttribute("NameFormat")).isEqualTo("urn:oasis:names:tc:SAML:2.0:attrname-format:uri");
            requested.put(a.getAttribute("Name"), a.getAttribute("isRequired"));
        }
        assertThat(requested).containsExactly(Map.entry(NP + "PersonIdentifier", "true"),
                Map.entry(NP + "CurrentFamilyName", "true"), Map.entry(NP + "CurrentGivenName", "true"),
                Map.entry(NP + "DateOfBirth", "true"), Map.entry(NP + "Gender", "false"),
                Map.entry(NP + "CurrentAddress", "false"));
        Element policy = (Element) request.getElementsByTagNameNS(SAMLP, "NameIDPolicy").item(0);
        assertThat(policy.getAttribute("Format")).isEqualTo("urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
        Element context = (Element) request.getElementsByTagNameNS(SAMLP, "RequestedAuthnContext").item(0);
        assertThat(context.getAttribute("Comparison")).isEqualTo("minimum");
        assertThat(request.getElementsByTagNameNS(SAML, "AuthnContextClassRef").getLength()).isEqualTo(1);
        assertThat(text(request, SAML, "AuthnContextClassRef")).as("the client's acr_values").isEqualTo(SUBSTANTIAL);

        // The node answers at a higher level than the minimum: acr is the level it asserted.
        var answered = answer(browser, login, HIGH, person(), true);
        JWTClaimsSet claims = tokens(browser, portal, pkce, answered, "eu-node", PORTAL_REDIRECT);
        assertThat(claims.getClaim("acr")).isEqualTo(HIGH);
        assertThat(claims.getClaim("given_name")).as("the Latin transliteration").isEqualTo("Georgios");
        assertThat(claims.getClaim("family_name")).isEqualTo("Papadopoulos");
        assertThat(claims.getClaim("birthdate")).isEqualTo("1979-03-25");
        assertThat(claims.getClaim("eidas_country")).isEqualTo("EL");
        assertThat(claims.getClaim("gender")).isEqualTo("male");
        assertThat(claims.getJSONObjectClaim("address")).containsEntry("formatted",
                "Odos Ermou, 21, 10563, Athina");
        assertThat(claims.getClaims()).doesNotContainKey("eidas_person_identifier");
        assertThat(claims.toString()).doesNotContain("4f8e1c2a9b7d");
        String firstSub = claims.getSubject();
        assertThat(firstSub).doesNotContain("EL/NL").doesNotContain("4f8e1c2a9b7d");

        // The same person again (a new transient NameID): the same identity, the same pairwise sub.
        Browser again = new Browser(Map.of("Accept-Language", "en"));
        var pkce2 = OidcTestClient.Pkce.create();
        Login second = toTheNode(again, portal, pkce2, "eu-node", null, "openid profile");
        assertThat(text(second.request().getDocumentElement(), SAML, "AuthnContextClassRef"))
                .as("without acr_values, the weakest level the realm accepts").isEqualTo(LOW);
        JWTClaimsSet secondClaims = tokens(again, portal, pkce2, answer(again, second, SUBSTANTIAL, person(), true),
                "eu-node", PORTAL_REDIRECT);
        assertThat(secondClaims.getSubject()).isEqualTo(firstSub);
        assertThat(secondClaims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(secondClaims.getClaims()).as("no address without its scope").doesNotContainKey("address");
    }

    @Test
    void aClientAllowedThePersonIdentifierGetsItOnlyInsideAnEncryptedIdTokenWithItsOwnSub() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient registry = new OidcTestClient(toegang.issuer("eu-node"), "registry", SECRET,
                REGISTRY_REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        Login login = toTheNode(browser, registry, pkce, "eu-node", SUBSTANTIAL,
                "openid profile eidas_person_identifier");
        var answered = answer(browser, login, SUBSTANTIAL, person(), true);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(answered));
        Map<String, String> result = Browser.queryParams(Browser.location(back));
        HttpResponse<String> tokens = registry.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String idToken = OidcTestClient.json(tokens.body()).get("id_token").asString();
        assertThat(idToken.split("\\.")).as("a JWE has five parts").hasSize(5);
        JWEObject jwe = JWEObject.parse(idToken);
        jwe.decrypt(new RSADecrypter(registryKey));
        JWTClaimsSet claims = registry.verify(jwe.getPayload().toString());
        assertThat(claims.getClaim("eidas_person_identifier")).isEqualTo(PERSON_IDENTIFIER);
        assertThat(claims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(claims.getSubject()).doesNotContain("4f8e1c2a9b7d");
        String access = OidcTestClient.json(tokens.body()).get("access_token").asString();
        var userinfo = new Browser().get(toegang.issuer("eu-node") + "/userinfo",
                Map.of("Authorization", "Bearer " + access));
        assertThat(userinfo.body()).doesNotContain("4f8e1c2a9b7d");
    }

    @Test
    void aBrokerGetsNoEidasExtensionsAndItsOwnLevelBecomesTheEidasLevel() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("eu-broker"), "portal", SECRET, PORTAL_REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        Login login = toTheNode(browser, portal, pkce, "eu-broker", SUBSTANTIAL, "openid profile");
        Element request = login.request().getDocumentElement();
        assertThat(request.getElementsByTagNameNS(SAMLP, "Extensions").getLength()).isZero();
        assertThat(request.getElementsByTagNameNS(SAMLP, "NameIDPolicy").getLength()).isZero();
        assertThat(text(request, SAML, "AuthnContextClassRef")).isEqualTo(BROKER_LOA3);
        JWTClaimsSet claims = tokens(browser, portal, pkce, answer(browser, login, BROKER_LOA3, person(), true),
                "eu-broker", PORTAL_REDIRECT);
        assertThat(claims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(claims.getClaim("family_name")).isEqualTo("Papadopoulos");
    }

    @Test
    void aNodeThatSignsWithRsassaPssIsAccepted() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("eu-node"), "portal", SECRET, PORTAL_REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        Login login = toTheNode(browser, portal, pkce, "eu-node", null, "openid profile");
        String answer;
        signatureMethod = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256_MGF1;
        try {
            answer = samlResponse(login, SUBSTANTIAL, person(), true);
        } finally {
            signatureMethod = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
        }
        JWTClaimsSet claims = tokens(browser, portal, pkce, post(browser, login, answer), "eu-node",
                PORTAL_REDIRECT);
        assertThat(claims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
    }

    @Test
    void aNodeThatSignsWithEcdsaIsAccepted() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("eu-ec"), "portal", SECRET, PORTAL_REDIRECT);
        var pkce = OidcTestClient.Pkce.create();
        Login login = toTheNode(browser, portal, pkce, "eu-ec", null, "openid profile");
        String answer;
        signatureMethod = XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256;
        signWithEc = true;
        try {
            answer = samlResponse(login, SUBSTANTIAL, person(), true);
        } finally {
            signatureMethod = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
            signWithEc = false;
        }
        JWTClaimsSet claims = tokens(browser, portal, pkce, post(browser, login, answer), "eu-ec", PORTAL_REDIRECT);
        assertThat(claims.getClaim("family_name")).isEqualTo("Papadopoulos");
    }

    // ---- refusals ----

    @Test
    void anAnswerBelowTheClientsMinimumIsRefusedAndThePortalHearsUnmetAuthenticationRequirements()
            throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("eu-node"), "portal", SECRET, PORTAL_REDIRECT);
        Login login = toTheNode(browser, portal, OidcTestClient.Pkce.create(), "eu-node", HIGH, "openid profile");
        assertThat(text(login.request().getDocumentElement(), SAML, "AuthnContextClassRef")).isEqualTo(HIGH);
        var refused = browser.outcome(answer(browser, login, SUBSTANTIAL, person(), true));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("This sign-in is not strong enough").contains("id=\"upstream-back\"");
        var back = browser.postForm(toegang.issuer("eu-node") + "/upstream/eu/return",
                Map.of("_csrf", Browser.csrfToken(refused.body())));
        assertThat(Browser.location(back)).startsWith(PORTAL_REDIRECT + "?error=unmet_authentication_requirements")
                .contains("state=portal-state");
    }

    @Test
    void answersThatBreakTheAttributeProfileAreRefusedWithAWayBack() throws Exception {
        Map<String, Map<String, List<String>>> broken = new LinkedHashMap<>();
        Map<String, List<String>> missing = person();
        missing.remove(NP + "CurrentFamilyName");
        broken.put("missing FamilyName", missing);
        Map<String, List<String>> noIdentifier = person();
        noIdentifier.remove(NP + "PersonIdentifier");
        broken.put("missing PersonIdentifier", noIdentifier);
        broken.put("PersonIdentifier not XX/YY/...", with(NP + "PersonIdentifier", "EL-NL-4f8e1c2a9b7d"));
        broken.put("PersonIdentifier with a space", with(NP + "PersonIdentifier", "EL/NL/4f8e 1c2a"));
        broken.put("PersonIdentifier for another country", with(NP + "PersonIdentifier", "EL/BE/4f8e1c2a9b7d"));
        broken.put("DateOfBirth not YYYY-MM-DD", with(NP + "DateOfBirth", "25-03-1979"));
        broken.put("DateOfBirth no date", with(NP + "DateOfBirth", "1979-02-30"));
        broken.put("DateOfBirth in the future", with(NP + "DateOfBirth", "2999-01-01"));
        for (var entry : broken.entrySet()) {
            Browser browser = new Browser(Map.of("Accept-Language", "en"));
            OidcTestClient portal = new OidcTestClient(toegang.issuer("eu-node"), "portal", SECRET,
                    PORTAL_REDIRECT);
            Login login = toTheNode(browser, portal, OidcTestClient.Pkce.create(), "eu-node", null,
                    "openid profile");
            var refused = browser.outcome(answer(browser, login, SUBSTANTIAL, entry.getValue(), true));
            assertThat(refused.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(refused.body()).as(entry.getKey()).contains("Signing in with European eID failed")
                    .contains("id=\"upstream-back\"");
        }
    }

    @Test
    void anUnencryptedAssertionIsRefusedAndAReplayedAnswerToo() throws Exception {
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        OidcTestClient portal = new OidcTestClient(toegang.issuer("eu-node"), "portal", SECRET, PORTAL_REDIRECT);
        Login login = toTheNode(browser, portal, OidcTestClient.Pkce.create(), "eu-node", null, "openid profile");
        var plain = browser.outcome(answer(browser, login, SUBSTANTIAL, person(), false));
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("id=\"upstream-back\"");

        Browser other = new Browser(Map.of("Accept-Language", "en"));
        var pkce = OidcTestClient.Pkce.create();
        Login good = toTheNode(other, portal, pkce, "eu-node", null, "openid profile");
        String samlResponse = samlResponse(good, SUBSTANTIAL, person(), true);
        var first = post(other, good, samlResponse);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(303);
        var replay = other.outcome(post(other, good, samlResponse));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("id=\"upstream-back\"");
        // Even within a new login of the same browser (prompt=login), the used assertion does not sign anyone in.
        Login third = toTheNode(other, portal, OidcTestClient.Pkce.create(), "eu-node", null,
                "openid profile", "login");
        var replayed = other.outcome(other.postForm(third.acs(), Map.of("SAMLResponse", samlResponse,
                "RelayState", third.relayState(), "bounced", "1")));
        assertThat(replayed.statusCode()).isEqualTo(400);
    }

    // ---- the portal and the login page ----

    record Login(Document request, String relayState, String acs, String spEntityId) {
    }

    private static Login toTheNode(Browser browser, OidcTestClient client, OidcTestClient.Pkce pkce, String realm,
                                   String acrValues, String scope) throws Exception {
        return toTheNode(browser, client, pkce, realm, acrValues, scope, null);
    }

    private static Login toTheNode(Browser browser, OidcTestClient client, OidcTestClient.Pkce pkce, String realm,
                                   String acrValues, String scope, String prompt) throws Exception {
        Map<String, String> params = new LinkedHashMap<>(client.authorizationParams(pkce, "portal-state",
                "portal-nonce"));
        params.put("scope", scope);
        if (prompt != null) {
            params.put("prompt", prompt);
        }
        if (acrValues != null) {
            params.put("acr_values", acrValues);
        }
        var authorize = browser.get(client.authorizationUrl(params));
        var loginPage = browser.get(Browser.resolve(authorize));
        assertThat(loginPage.body()).contains("Citizen of another EU country?")
                .contains("Sign in with your country&#39;s eID");
        Matcher m = Pattern.compile("id=\"upstream-login-eu\"\\s+href=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(m.find()).as(loginPage.body()).isTrue();
        var chose = browser.get(toegang.baseUrl() + m.group(1));
        var page = browser.get(Browser.resolve(chose));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"upstream-authn-form\"").contains("action=\"" + SSO + "\"");
        Document request = parse(Base64.getDecoder().decode(hidden(page, "SAMLRequest")));
        verifyEnveloped(request.getDocumentElement(), spSigning.certificate());
        String base = toegang.issuer(realm) + "/upstream/eu/saml";
        assertThat(request.getDocumentElement().getAttribute("AssertionConsumerServiceURL")).isEqualTo(base
                + "/acs");
        return new Login(request, hidden(page, "RelayState"), base + "/acs", base + "/metadata");
    }

    private static HttpResponse<String> answer(Browser browser, Login login, String classRef,
                                               Map<String, List<String>> attributes, boolean encrypt)
            throws Exception {
        return post(browser, login, samlResponse(login, classRef, attributes, encrypt));
    }

    private static String samlResponse(Login login, String classRef, Map<String, List<String>> attributes,
                                       boolean encrypt) throws Exception {
        return base64(response(login.request().getDocumentElement().getAttribute("ID"), login.acs(),
                login.spEntityId(), classRef, attributes, encrypt));
    }

    /** The browser brings the node's auto-submitted form back (the same-site bounce is SamlUpstreamInteropTest's). */
    private static HttpResponse<String> post(Browser browser, Login login, String samlResponse) {
        return browser.postForm(login.acs(), Map.of("SAMLResponse", samlResponse, "RelayState", login.relayState(),
                "bounced", "1"));
    }

    private static JWTClaimsSet tokens(Browser browser, OidcTestClient client, OidcTestClient.Pkce pkce,
                                       HttpResponse<String> acsAnswer, String realm, String redirect) {
        assertThat(acsAnswer.statusCode()).as(acsAnswer.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(acsAnswer));
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back)).startsWith(redirect);
        Map<String, String> result = Browser.queryParams(Browser.location(back));
        assertThat(result).containsEntry("state", "portal-state");
        HttpResponse<String> tokens = client.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JWTClaimsSet claims = client.verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
        assertThat(claims.getIssuer()).isEqualTo(toegang.issuer(realm));
        assertThat(claims.getClaim("nonce")).isEqualTo("portal-nonce");
        return claims;
    }

    // ---- the independent node: plain JDK DOM, Santuario, JCA ----

    /** A Greek citizen: names in Latin script with the Greek original beside them; an address (base64 XML). */
    private static Map<String, List<String>> person() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put(NP + "PersonIdentifier", List.of(PERSON_IDENTIFIER));
        // The original first, as a node may send it: Toegang must still prefer the transliteration.
        attributes.put(NP + "CurrentFamilyName", List.of("!Παπαδόπουλος", "Papadopoulos"));
        attributes.put(NP + "CurrentGivenName", List.of("!Γεώργιος", "Georgios"));
        attributes.put(NP + "DateOfBirth", List.of("1979-03-25"));
        attributes.put(NP + "Gender", List.of("Male"));
        attributes.put(NP + "CurrentAddress", List.of(Base64.getEncoder().encodeToString((
                "<eidas-natural:Thoroughfare>Odos Ermou</eidas-natural:Thoroughfare>"
                        + "<eidas-natural:LocatorDesignator>21</eidas-natural:LocatorDesignator>"
                        + "<eidas-natural:PostCode>10563</eidas-natural:PostCode>"
                        + "<eidas-natural:PostName>Athina</eidas-natural:PostName>")
                .getBytes(StandardCharsets.UTF_8))));
        return attributes;
    }

    private static Map<String, List<String>> with(String name, String value) {
        Map<String, List<String>> attributes = person();
        attributes.put(name, List.of(value));
        return attributes;
    }

    /**
     * An eIDAS Response: one Assertion, signed, then (normally) encrypted to our SP certificate. A value starting
     * with "!" is written as the non-Latin original ({@code LatinScript="false"}).
     */
    private static Document response(String inResponseTo, String acs, String spEntityId, String classRef,
                                     Map<String, List<String>> values, boolean encrypt) throws Exception {
        Document doc = SamlTestMessages.response().prefixes("saml2p", "saml2").ids("_" + hex(16), "_" + hex(16))
                .issuer(NODE).inResponseTo(inResponseTo).destination(acs).audience(spEntityId)
                .assertionDeclaresNamespace().nameId("_" + hex(20), TRANSIENT, null, null) // new at every login
                .classRef(classRef).attributes(values).build();
        String natural = NP.substring(0, NP.length() - 1);
        doc.getDocumentElement().setAttributeNS(XMLNS, "xmlns:eidas-natural", natural);
        Element assertion = assertion(doc);
        NodeList attributeValues = assertion.getElementsByTagNameNS(SAML, "AttributeValue");
        for (int i = 0; i < attributeValues.getLength(); i++) {
            Element v = (Element) attributeValues.item(i);
            if (v.getTextContent().startsWith("!")) {
                v.setAttributeNS(natural, "eidas-natural:LatinScript", "false");
                v.setTextContent(v.getTextContent().substring(1));
            }
        }
        sign(assertion, issuer(assertion), signatureMethod, signWithEc ? ecKey.getPrivate()
                : nodeSigning.keyPair().getPrivate(), signWithEc ? ecCertificate : nodeSigning.certificate());
        if (encrypt) {
            encrypt(assertion, spSigning.certificate().getPublicKey());
        }
        return doc;
    }

    private static String nodeMetadata(java.security.cert.X509Certificate signing) throws Exception {
        String certificate = Base64.getEncoder().encodeToString(signing.getEncoded());
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
                    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%1$s">
                  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
                      WantAuthnRequestsSigned="true">
                    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%2$s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="%3$s"/>
                  </md:IDPSSODescriptor>
                </md:EntityDescriptor>
                """.formatted(NODE, certificate, SSO).strip();
    }

}
