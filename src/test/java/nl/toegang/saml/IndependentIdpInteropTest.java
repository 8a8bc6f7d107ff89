package nl.toegang.saml;

import nl.toegang.testsupport.SamlTestMessages;
import nl.toegang.testsupport.TestXml;
import org.apache.xml.security.Init;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;

import static nl.toegang.saml.SamlAssertions.assertRefused;
import static nl.toegang.testsupport.SamlTestMessages.DSIG;
import static nl.toegang.testsupport.SamlTestMessages.SAML;
import static nl.toegang.testsupport.SamlTestMessages.SAMLP;
import static nl.toegang.testsupport.SamlTestMessages.SUCCESS;
import static nl.toegang.testsupport.SamlTestMessages.issuer;
import static nl.toegang.testsupport.SamlTestMessages.protocolMessage;
import static nl.toegang.testsupport.SamlTestMessages.sign;
import static nl.toegang.testsupport.SamlTestMessages.soapBody;
import static nl.toegang.testsupport.SamlTestMessages.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interoperability with SAML code no one in this project wrote, so that our validator and encoder are not only
 * checked against their own mirror image (TestIdp signs with our own EnvelopedSigner).
 *
 * <ul>
 *   <li>(a) Incoming: an IdP written the way an IdP uses Apache Santuario's public API ({@link XMLSignature},
 *   enveloped + exc-c14n transforms, SHA-256 digest, RSA-SHA256, X509 certificate in KeyInfo), with the SOAP
 *   ArtifactResponse, Response and Assertion built by the plain JDK DOM API ({@link SamlTestMessages}) and serialised
 *   by the JDK Transformer.
 *   No Toegang building or signing code is used; only {@link ArtifactExpectation} and the validator under test.</li>
 *   <li>(b) Outgoing: our signed HTTP-Redirect AuthnRequest is checked by plain JCA ({@code SHA256withRSA}) over the
 *   octet string rebuilt by hand as SAML Bindings §3.4.4.1 prescribes, and inflated/parsed with the plain JDK
 *   ({@link Inflater} nowrap, {@link DocumentBuilderFactory}). No Toegang verifying code is used.</li>
 *   <li>(c) Outgoing: our enveloped-signed HTTP-POST AuthnRequest is parsed by the plain JDK and verified by
 *   Santuario's public {@link XMLSignature} API with the SP certificate, as an IdP would; a changed byte fails.</li>
 * </ul>
 * Agreement between our code and these independent readings of the specifications is what interop means here.
 */
class IndependentIdpInteropTest {
    private static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String IDP = "https://was-preprod1.digid.nl/saml/idp/metadata";
    private static final String SP = "https://toegang.example.nl/saml/sp";
    private static final String ACS = "https://toegang.example.nl/saml/acs";
    private static final String SSO = "https://preprod1.digid.nl/saml/idp/request_authentication";
    private static final String AUTHN_REQUEST_ID = "_4f1c8e2a9b7d6c5e3f0a1b2c3d4e5f60";
    private static final String ARTIFACT_RESOLVE_ID = "_9a8b7c6d5e4f30211203948576abcdef";
    private static final String BSN = "999991772";
    private static final String SMARTCARD = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard";


    // ---- (a) an independent IdP on Santuario's public API ----

    @Test
    void artifactResponseSignedBySantuarioIdpIsAccepted() throws Exception {
        byte[] soap = independentIdp(TestCredential.IDP.privateKey(), TestCredential.IDP.certificate());

        SamlOutcome outcome = validator().validate(soap, expectation());

        assertThat(outcome).isInstanceOf(AuthenticatedResident.class);
        AuthenticatedResident resident = (AuthenticatedResident) outcome;
        assertThat(resident.bsn().value()).isEqualTo(BSN);
        assertThat(resident.levelClassRef()).isEqualTo(DigidLevel.SUBSTANTIEEL.classRef());
        assertThat(resident.assertionId()).isEqualTo("_assertion-independent-1");
        assertThat(resident.sessionIndex()).isEqualTo("_digid-session-1");
    }

    @Test
    void sameIndependentIdpSigningWithAnotherKeyIsRefused() throws Exception {
        // The attacker's key, with the attacker's certificate in KeyInfo: the pinned metadata key must decide.
        byte[] soap = independentIdp(TestCredential.ATTACKER.privateKey(), TestCredential.ATTACKER.certificate());

        assertRefused(SamlReason.SIGNATURE_INVALID, () -> validator().validate(soap, expectation()));
    }

    private static ArtifactResponseValidator validator() {
        return new ArtifactResponseValidator(CLOCK, new InMemoryAssertionReplayCache(CLOCK, 100), List.of(),
                SamlValidationSettings.defaults());
    }

    private static ArtifactExpectation expectation() {
        return new ArtifactExpectation(ARTIFACT_RESOLVE_ID, AUTHN_REQUEST_ID, SP, ACS, IDP,
                List.of(TestCredential.IDP.publicKey()), DigidLevel.MIDDEN, ArtifactExpectation.SECTOR_BSN);
    }

    /** A DigiD SAML 3.x style artifact answer: plain DOM; Assertion and ArtifactResponse each signed by Santuario. */
    private static byte[] independentIdp(PrivateKey key, X509Certificate certificate) throws Exception {
        Init.init();
        Element artifactResponse = protocolMessage(soapBody(), "ArtifactResponse", "_artifactresponse-independent-1",
                NOW, null, ARTIFACT_RESOLVE_ID, IDP);
        status(artifactResponse, SUCCESS);
        // The Assertion is signed as it is built; the outer signature then covers it together with its signature.
        SamlTestMessages.response().ids("_response-independent-1", "_assertion-independent-1").issueInstant(NOW)
                .validity(NOW.minus(Duration.ofMinutes(2)), NOW.plus(Duration.ofMinutes(2))).issuer(IDP)
                .inResponseTo(AUTHN_REQUEST_ID).destination(ACS).audience(SP).assertionDeclaresNamespace()
                .nameId("s00000000:" + BSN).sessionIndex("_digid-session-1").classRef(SMARTCARD)
                .signedBy(key, certificate).buildIn(artifactResponse);
        sign(artifactResponse, issuer(artifactResponse), key, certificate);
        return TestXml.serialize(artifactResponse.getOwnerDocument());
    }

    // ---- (b) our redirect-bound AuthnRequest, checked by plain JCA and JDK ----

    @Test
    void ourSignedRedirectVerifiesWithPlainJcaPerBindingsSpec() throws Exception {
        String relayState = "k1 & state=with/odd+chars";
        AuthnRequest request = new AuthnRequestFactory(CLOCK, new SecureRandom(), SP, 0)
                .create(SSO, DigidLevel.SUBSTANTIEEL, false);
        String url = new RedirectBindingEncoder(TestCredential.SP_SIGNING.signing()).encode(SSO, request.xml(),
                relayState);

        assertThat(url).startsWith(SSO + "?");
        Map<String, String> raw = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            assertThat(raw.put(pair.substring(0, eq), pair.substring(eq + 1))).as("duplicate " + pair).isNull();
        }
        assertThat(raw).containsOnlyKeys("SAMLRequest", "RelayState", "SigAlg", "Signature");
        assertThat(decode(raw.get("SigAlg"))).isEqualTo("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assertThat(decode(raw.get("RelayState"))).isEqualTo(relayState);

        // Bindings §3.4.4.1: the octets are the parameters as they appear in the URL, in this fixed order.
        String octets = "SAMLRequest=" + raw.get("SAMLRequest") + "&RelayState=" + raw.get("RelayState")
                + "&SigAlg=" + raw.get("SigAlg");
        byte[] signatureValue = Base64.getDecoder().decode(decode(raw.get("Signature")));
        assertThat(jcaVerify(octets, signatureValue, TestCredential.SP_SIGNING.certificate())).isTrue();
        assertThat(jcaVerify(octets.replace("RelayState=k1", "RelayState=k2"), signatureValue,
                TestCredential.SP_SIGNING.certificate())).as("signature binds the RelayState").isFalse();

        Element root = plainParse(inflate(Base64.getDecoder().decode(decode(raw.get("SAMLRequest")))))
                .getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(SAMLP);
        assertThat(root.getLocalName()).isEqualTo("AuthnRequest");
        assertThat(root.getAttribute("ID")).isEqualTo(request.id());
        assertThat(root.getAttribute("Destination")).isEqualTo(SSO);
        assertThat(root.getAttribute("AssertionConsumerServiceIndex")).isEqualTo("0");
        assertThat(root.hasAttribute("AssertionConsumerServiceURL")).isFalse();
        assertThat(root.getElementsByTagNameNS(SAML, "Issuer").item(0).getTextContent()).isEqualTo(SP);
        Element requested = (Element) root.getElementsByTagNameNS(SAMLP, "RequestedAuthnContext").item(0);
        assertThat(requested.getAttribute("Comparison")).isEqualTo("minimum");
        assertThat(requested.getElementsByTagNameNS(SAML, "AuthnContextClassRef").item(0).getTextContent())
                .isEqualTo(SMARTCARD);
    }

    // ---- (c) our POST-bound AuthnRequest, checked by plain Santuario and JDK ----

    @Test
    void ourPostSignedAuthnRequestVerifiesWithPlainSantuario() throws Exception {
        SignedMessage request = new AuthnRequestFactory(CLOCK, new SecureRandom(), SP, 0)
                .createSigned(SSO, DigidLevel.SUBSTANTIEEL, true, TestCredential.SP_SIGNING.signing());
        // What travels in the form: base64 of exactly these bytes.
        byte[] posted = Base64.getDecoder().decode(Base64.getEncoder().encodeToString(request.xml()));

        assertThat(santuarioVerifiesPost(posted)).isTrue();
        String xml = new String(posted, StandardCharsets.UTF_8);
        assertThat(santuarioVerifiesPost(xml.replace("ForceAuthn=\"true\"", "ForceAuthn=\"false\"")
                .getBytes(StandardCharsets.UTF_8))).as("a changed attribute breaks the signature").isFalse();

        Element root = plainParse(posted).getDocumentElement();
        assertThat(root.getAttribute("ID")).isEqualTo(request.id());
        assertThat(root.getAttribute("Destination")).isEqualTo(SSO);
        assertThat(root.getAttribute("ForceAuthn")).isEqualTo("true");
    }

    private static boolean santuarioVerifiesPost(byte[] xml) throws Exception {
        Init.init();
        Element root = plainParse(xml).getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("AuthnRequest");
        Element signature = (Element) root.getElementsByTagNameNS(DSIG, "Signature").item(0);
        assertThat(signature.getParentNode()).as("enveloped").isSameAs(root);
        root.setIdAttributeNS(null, "ID", true);
        XMLSignature verifier = new XMLSignature(signature, "");
        assertThat(verifier.getSignedInfo().getSignatureMethodURI())
                .isEqualTo(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256);
        assertThat(verifier.getSignedInfo().getCanonicalizationMethodURI())
                .isEqualTo(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
        assertThat(verifier.getSignedInfo().item(0).getURI()).isEqualTo("#" + root.getAttribute("ID"));
        assertThat(verifier.getSignedInfo().item(0).getMessageDigestAlgorithm().getAlgorithmURI())
                .isEqualTo(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
        return verifier.checkSignatureValue(TestCredential.SP_SIGNING.certificate());
    }

    private static String decode(String urlEncoded) {
        return URLDecoder.decode(urlEncoded, StandardCharsets.UTF_8);
    }

    private static boolean jcaVerify(String octets, byte[] signatureValue, X509Certificate certificate)
            throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(octets.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(signatureValue);
    }

    private static byte[] inflate(byte[] deflated) throws Exception {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("truncated DEFLATE stream");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static Document plainParse(byte[] xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
