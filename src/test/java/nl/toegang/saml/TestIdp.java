package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlWriter;
import org.apache.xml.security.encryption.XMLCipher;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * A tiny DigiD stand-in: produces SOAP ArtifactResponses with a Response and a signed (optionally encrypted)
 * Assertion, driven by a mutable {@link Spec} and written by the mock DigiD's {@link SamlAnswerWriter}, so the tests
 * and the mock build answers in one place. Attack tests set hostile values in the Spec, or take its valid output and
 * tamper with it.
 */
final class TestIdp {
    static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String IDP_ENTITY_ID = "https://was-preprod1.digid.nl/saml/idp/metadata";
    static final String SP_ENTITY_ID = "https://toegang.example.nl/saml/sp";
    static final String ACS_URL = "https://toegang.example.nl/saml/acs";
    static final String AUTHN_REQUEST_ID = "_authnrequest0123456789";
    static final String ARTIFACT_RESOLVE_ID = "_artifactresolve0123456789";
    static final String BSN = "999991772";

    /** Everything the IdP puts in the message; defaults give a valid DigiD SAML 3.x answer. */
    static final class Spec {
        String artifactStatus = SamlStatus.SUCCESS;
        String artifactSubStatus = null;
        String statusCode = SamlStatus.SUCCESS;
        String subStatusCode = null;
        String statusMessage = null;
        String artifactInResponseTo = ARTIFACT_RESOLVE_ID;
        String responseInResponseTo = AUTHN_REQUEST_ID;
        String confirmationInResponseTo = AUTHN_REQUEST_ID;
        String artifactIssuer = IDP_ENTITY_ID;
        String responseIssuer = IDP_ENTITY_ID;
        String assertionIssuer = IDP_ENTITY_ID;
        String destination = ACS_URL;
        String recipient = ACS_URL;
        String audience = SP_ENTITY_ID;
        boolean audienceRestriction = true;
        String assertionId = "_assertion0123456789";
        Instant issueInstant = NOW;
        Instant notBefore = NOW.minus(Duration.ofMinutes(2));
        Instant notOnOrAfter = NOW.plus(Duration.ofMinutes(2));
        Instant confirmationNotOnOrAfter = NOW.plus(Duration.ofMinutes(2));
        /** A NotBefore on the bearer SubjectConfirmationData (forbidden by the profile); null for none. */
        Instant confirmationNotBefore = null;
        SamlAnswer.ProxyRestriction proxyRestriction = null;
        String nameId = "s00000000:" + BSN;
        String nameIdQualifier = null;
        String classRef = DigidLevel.MIDDEN.classRef();
        int assertions = 1;
        boolean signAssertion = true;
        boolean signArtifactResponse = true;
        TestCredential assertionSigner = TestCredential.IDP;
        TestCredential artifactSigner = TestCredential.IDP;
        /** Content algorithm for EncryptedAssertion, or null for a plain Assertion. */
        String encryptAssertion = null;
        /** Content algorithm for EncryptedID instead of NameID, or null. */
        String encryptNameId = null;
        String keyTransport = XMLCipher.RSA_OAEP;
        PublicKey encryptionKey = TestCredential.SP_ENCRYPTION.publicKey();
        String encryptedKeyRecipient = SP_ENTITY_ID;
    }

    static Spec spec() {
        return new Spec();
    }

    static byte[] valid() {
        return bytes(build(spec()));
    }

    static ArtifactExpectation expectation() {
        return expectation(DigidLevel.MIDDEN);
    }

    static ArtifactExpectation expectation(DigidLevel minimum) {
        return new ArtifactExpectation(ARTIFACT_RESOLVE_ID, AUTHN_REQUEST_ID, SP_ENTITY_ID, ACS_URL, IDP_ENTITY_ID,
                List.of(TestCredential.IDP.publicKey()), minimum, ArtifactExpectation.SECTOR_BSN);
    }

    /** The message {@code s} describes, written by the mock's {@link SamlAnswerWriter}: one builder for both. */
    static Document build(Spec s) {
        List<SamlAnswer.Assertion> assertions = new ArrayList<>();
        for (int i = 0; i < s.assertions; i++) {
            assertions.add(assertion(s, i == 0 ? s.assertionId : s.assertionId + "_" + i));
        }
        var response = new SamlAnswer.Response("_response0123456789", s.issueInstant, s.destination,
                s.responseInResponseTo, s.responseIssuer,
                new SamlAnswer.Status(s.statusCode, s.subStatusCode, s.statusMessage), assertions);
        return new SamlAnswerWriter(new SecureRandom()).write(new SamlAnswer.ArtifactResponse(
                "_artifactresponse0123456789", s.issueInstant, s.artifactInResponseTo, s.artifactIssuer,
                new SamlAnswer.Status(s.artifactStatus, s.artifactSubStatus, null), response,
                s.signArtifactResponse ? s.artifactSigner.signing() : null));
    }

    private static SamlAnswer.Assertion assertion(Spec s, String id) {
        return new SamlAnswer.Assertion(id, s.issueInstant, s.assertionIssuer,
                new SamlAnswer.Subject(s.nameId, s.nameIdQualifier, s.confirmationInResponseTo,
                        s.confirmationNotOnOrAfter, s.recipient, s.confirmationNotBefore),
                new SamlAnswer.Conditions(s.notBefore, s.notOnOrAfter, s.audienceRestriction ? s.audience : null,
                        s.proxyRestriction),
                "_session42", s.classRef, s.signAssertion ? s.assertionSigner.signing() : null,
                encryption(s.encryptNameId, s), encryption(s.encryptAssertion, s));
    }

    private static SamlAnswer.Encryption encryption(String contentAlgorithm, Spec s) {
        return contentAlgorithm == null ? null
                : new SamlAnswer.Encryption(contentAlgorithm, s.keyTransport, s.encryptionKey, s.encryptedKeyRecipient);
    }

    // ---- the same answers by HTTP-POST (a bare samlp:Response), for generic upstream IdPs ----

    static SamlExpectation postExpectation(java.util.List<String> acceptedClassRefs, boolean requireEncryption) {
        return new SamlExpectation(AUTHN_REQUEST_ID, SP_ENTITY_ID, ACS_URL, IDP_ENTITY_ID,
                List.of(TestCredential.IDP.publicKey()), acceptedClassRefs, requireEncryption);
    }

    /** The Response that {@code s} describes, on its own as the POST binding carries it; optionally signed itself. */
    static Document postResponse(Spec s, boolean signResponse) {
        Document soap = build(s);
        Document doc = XmlWriter.newDocument();
        doc.appendChild(doc.importNode(response(soap), true));
        if (signResponse) {
            new EnvelopedSigner(TestCredential.IDP.signing()).sign(doc.getDocumentElement());
        }
        return doc;
    }

    static String base64(Document doc) {
        return java.util.Base64.getEncoder().encodeToString(bytes(doc));
    }

    // ---- helpers for attack tests ----

    static byte[] bytes(Document doc) {
        return XmlWriter.toBytes(doc);
    }

    static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Element artifactResponse(Document doc) {
        Element body = Dom.childElements(doc.getDocumentElement()).get(0);
        return Dom.single(body, PROTOCOL, "ArtifactResponse", "test");
    }

    static Element response(Document doc) {
        return Dom.single(artifactResponse(doc), PROTOCOL, "Response", "test");
    }

    static Element assertion(Document doc) {
        return Dom.single(response(doc), ASSERTION, "Assertion", "test");
    }

    static Element nameId(Element assertion) {
        return Dom.single(Dom.single(assertion, ASSERTION, "Subject", "test"), ASSERTION, "NameID", "test");
    }

    static Element signatureOf(Element element) {
        return Dom.single(element, SamlNamespaces.DSIG, "Signature", "test");
    }

    /**
     * Re-signs the outer ArtifactResponse with the genuine IdP key after tampering inside it. This models the worst
     * case (the outer layer gives no protection) so each test shows that the inner defence holds on its own.
     */
    static byte[] resignOuter(Document doc) {
        Element artifactResponse = artifactResponse(doc);
        Dom.children(artifactResponse, SamlNamespaces.DSIG, "Signature").forEach(artifactResponse::removeChild);
        new EnvelopedSigner(TestCredential.IDP.signing()).sign(artifactResponse);
        return bytes(doc);
    }
}
