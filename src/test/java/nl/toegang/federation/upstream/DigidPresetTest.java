package nl.toegang.federation.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import nl.toegang.federation.digid.DevCertificates;
import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.oidc.SubjectIdentifiers;
import nl.toegang.saml.Bsn;
import nl.toegang.session.RealmSignIn;
import nl.toegang.testsupport.Browser;
import nl.toegang.testsupport.OidcTestClient;
import nl.toegang.testsupport.SamlTestMessages;
import nl.toegang.testsupport.TestServer;
import org.apache.xml.security.Init;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static nl.toegang.testsupport.SamlTestMessages.SAML;
import static nl.toegang.testsupport.SamlTestMessages.SAMLP;
import static nl.toegang.testsupport.SamlTestMessages.base64;
import static nl.toegang.testsupport.SamlTestMessages.hex;
import static nl.toegang.testsupport.TestXml.pem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DigiD as a generic SAML upstream ({@code preset: digid}) against an IdP that answers as DigiD does, built on
 * Santuario and the plain JDK only: the AuthnRequest asks DigiD's way (Comparison="minimum", one class ref of DigiD's
 * level table, no NameIDPolicy); the answer's sector-coded BSN becomes the identity the built-in DigiD route uses
 * (same row, hence the same pairwise sub), the level DigiD's acr; the bsn claim goes only to the eligible client; an
 * invalid BSN or another sector is refused.
 */
class DigidPresetTest {
    static final String CALLBACK = "https://tax.example.test/callback";
    static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
    static final String IDP = "https://was-preprod1.digid.example/saml/idp/metadata";
    static final String SSO = "https://was-preprod1.digid.example/saml/idp/request_authentication";
    static final String SMARTCARD = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard";
    static final String SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial";
    static final String BSN = "999991772";
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temp;
    static TestServer toegang;
    static DevCertificates.Generated idpSigning;

    @BeforeAll
    static void start() throws Exception {
        Init.init();
        idpSigning = DevCertificates.generate("DigiD signing", false, RANDOM, Instant.now());
        DevCertificates.Generated sp = DevCertificates.generate("Toegang SP", false, RANDOM, Instant.now());
        Path realms = Files.createDirectories(temp.resolve("realms"));
        Files.writeString(realms.resolve("digid-metadata.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
                    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%s">
                  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
                    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="%s"/>
                  </md:IDPSSODescriptor>
                </md:EntityDescriptor>
                """.formatted(IDP, Base64.getEncoder().encodeToString(idpSigning.certificate().getEncoded()), SSO)
                .strip());
        Files.writeString(realms.resolve("sp.key.pem"), pem("PRIVATE KEY", sp.keyPair().getPrivate().getEncoded()));
        Files.writeString(realms.resolve("sp.cert.pem"), pem("CERTIFICATE", sp.certificate().getEncoded()));
        Files.writeString(realms.resolve("gemeente.yaml"), """
                name: gemeente
                displayName: Gemeente
                clients:
                  - clientId: tax
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid, bsn]
                    bsn: {eligible: true, encryptIdToken: false}
                  - clientId: shop
                    type: confidential
                    secret: %1$s
                    redirectUris: [%2$s]
                    scopes: [openid]
                upstreams:
                  - id: digid
                    type: saml
                    preset: digid
                    displayName: {nl: DigiD, en: DigiD}
                    metadata: digid-metadata.xml
                    signingKey: sp.key.pem
                    signingCertificate: sp.cert.pem
                """.formatted(SECRET, CALLBACK));
        toegang = TestServer.embedded(temp.resolve("data"), realms, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (toegang != null) {
            toegang.stop();
        }
    }

    @Test
    void theSectorCodedBsnBecomesTheDigidIdentityWithDigidsAcrAndTheBsnOnlyForTheEligibleClient() throws Exception {
        OidcTestClient tax = new OidcTestClient(toegang.issuer("gemeente"), "tax", SECRET, CALLBACK);
        var pkce = OidcTestClient.Pkce.create();
        Browser browser = new Browser(Map.of("Accept-Language", "en"));
        Map<String, String> params = new LinkedHashMap<>(tax.authorizationParams(pkce, "st", "nonce-1"));
        params.put("scope", "openid bsn");
        params.put("acr_values", SUBSTANTIAL);
        String toIdp = toTheIdp(browser, tax, params);

        // DigiD's way of asking: the weakest accepted level with Comparison="minimum", no NameIDPolicy.
        Element request = verifyRedirect(toIdp).getDocumentElement();
        Element requested = (Element) request.getElementsByTagNameNS(SAMLP, "RequestedAuthnContext").item(0);
        assertThat(requested.getAttribute("Comparison")).isEqualTo("minimum");
        assertThat(requested.getElementsByTagNameNS(SAML, "AuthnContextClassRef").getLength()).isEqualTo(1);
        assertThat(requested.getTextContent().strip()).isEqualTo(SMARTCARD);
        assertThat(request.getElementsByTagNameNS(SAMLP, "NameIDPolicy").getLength()).isZero();

        JWTClaimsSet claims = answer(browser, tax, pkce, toIdp, request, "s00000000:" + BSN);
        assertThat(claims.getClaim("acr")).as("DigiD Substantieel, as the built-in route issues it")
                .isEqualTo(SUBSTANTIAL);
        assertThat(claims.getClaim("bsn")).isEqualTo(BSN);

        // The identity is the row the built-in DigiD route finds for this BSN at this DigiD, so the pairwise sub is
        // the same through either route.
        FederatedIdentities identities = toegang.bean(FederatedIdentities.class);
        String identity = identities.find("gemeente", IDP, new Bsn(BSN)).orElseThrow();
        assertThat(identities.findOrCreate("gemeente", IDP, new Bsn(BSN))).isEqualTo(identity);
        assertThat(claims.getSubject()).isEqualTo(toegang.bean(SubjectIdentifiers.class).subjectFor("gemeente",
                "tax", new TestingAuthenticationToken(identity, null, RealmSignIn.FEDERATED_AUTHORITY)));

        // Another client of the realm, in another browser: the same person, no bsn claim.
        OidcTestClient shop = new OidcTestClient(toegang.issuer("gemeente"), "shop", SECRET, CALLBACK);
        var shopPkce = OidcTestClient.Pkce.create();
        Browser other = new Browser(Map.of("Accept-Language", "en"));
        Map<String, String> shopParams = new LinkedHashMap<>(shop.authorizationParams(shopPkce, "st", "nonce-1"));
        shopParams.put("scope", "openid");
        String again = toTheIdp(other, shop, shopParams);
        JWTClaimsSet shopClaims = answer(other, shop, shopPkce, again, verifyRedirect(again).getDocumentElement(),
                "s00000000:" + BSN);
        assertThat(shopClaims.getClaims()).doesNotContainKey("bsn");
        assertThat(shopClaims.getClaim("acr")).isEqualTo(SUBSTANTIAL);
        assertThat(shopClaims.getSubject()).isEqualTo(toegang.bean(SubjectIdentifiers.class).subjectFor(
                "gemeente", "shop", new TestingAuthenticationToken(identity, null, RealmSignIn.FEDERATED_AUTHORITY)));
    }

    @Test
    void anInvalidBsnOrAnotherSectorIsRefused() throws Exception {
        for (String nameId : new String[]{"s00000000:123456789", "s00000001:" + BSN, BSN}) {
            OidcTestClient tax = new OidcTestClient(toegang.issuer("gemeente"), "tax", SECRET, CALLBACK);
            Browser browser = new Browser(Map.of("Accept-Language", "en"));
            Map<String, String> params = new LinkedHashMap<>(tax.authorizationParams(OidcTestClient.Pkce.create(),
                    "st", "n"));
            params.put("scope", "openid bsn");
            String toIdp = toTheIdp(browser, tax, params);
            var refused = browser.outcome(post(browser, toIdp, verifyRedirect(toIdp).getDocumentElement(), nameId));
            assertThat(refused.statusCode()).as(nameId).isEqualTo(400);
            assertThat(refused.body()).as(nameId).contains("id=\"upstream-back\"");
        }
    }

    // ---- the portal and the IdP ----

    private static String toTheIdp(Browser browser, OidcTestClient client, Map<String, String> params) {
        var authorize = browser.get(client.authorizationUrl(params));
        var loginPage = browser.get(Browser.resolve(authorize));
        Matcher m = Pattern.compile("id=\"upstream-login-digid\"\\s+href=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(m.find()).as(loginPage.body()).isTrue();
        var start = browser.get(Browser.resolve(browser.get(toegang.baseUrl() + m.group(1))));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        return Browser.location(start);
    }

    private static JWTClaimsSet answer(Browser browser, OidcTestClient client, OidcTestClient.Pkce pkce,
                                       String toIdp, Element request, String nameId) throws Exception {
        var acsAnswer = post(browser, toIdp, request, nameId);
        assertThat(acsAnswer.statusCode()).as(acsAnswer.body()).isEqualTo(303);
        var back = browser.get(Browser.resolve(acsAnswer));
        Map<String, String> result = Browser.queryParams(Browser.location(back));
        HttpResponse<String> tokens = client.redeemCode(result.get("code"), pkce.verifier());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return client.verify(OidcTestClient.json(tokens.body()).get("id_token").asString());
    }

    private static HttpResponse<String> post(Browser browser, String toIdp, Element request, String nameId)
            throws Exception {
        String acs = toegang.issuer("gemeente") + "/upstream/digid/saml/acs";
        String spEntityId = toegang.issuer("gemeente") + "/upstream/digid/saml/metadata";
        String samlResponse = base64(response(request.getAttribute("ID"), acs, spEntityId, nameId));
        return browser.postForm(acs, Map.of("SAMLResponse", samlResponse, "RelayState",
                Browser.queryParams(toIdp).get("RelayState"), "bounced", "1"));
    }

    /** The Redirect-bound AuthnRequest, inflated and parsed (its signature is not this test's subject). */
    private static Document verifyRedirect(String url) throws Exception {
        return SamlTestMessages.verifyRedirect(url, "SAMLRequest", null);
    }

    /** As DigiD answers (SAML 3.x): the sector-coded BSN as NameID without Format, the level as class ref. */
    private static Document response(String inResponseTo, String acs, String spEntityId, String nameIdValue)
            throws Exception {
        return SamlTestMessages.response().issuer(IDP).inResponseTo(inResponseTo).destination(acs)
                .audience(spEntityId).nameId(nameIdValue).sessionIndex("_s" + hex(16)).classRef(SMARTCARD)
                .signedBy(idpSigning.keyPair().getPrivate(), null).build();
    }
}
