package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlSecurityInit;
import nl.toegang.saml.xml.XmlWriter;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * A tiny DigiD stand-in built on xmlsec: produces SOAP ArtifactResponses with a Response and a signed (optionally
 * encrypted) Assertion, driven by a mutable {@link Spec}. Attack tests take its valid output and tamper with it.
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
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

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

    static Document build(Spec s) {
        XmlSecurityInit.ensureInitialized();
        Document doc = newDocument();
        Element envelope = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Envelope");
        envelope.setAttributeNS(XMLNS, "xmlns:soapenv", SamlNamespaces.SOAP11);
        doc.appendChild(envelope);
        Element body = child(envelope, SamlNamespaces.SOAP11, "soapenv:Body");

        Element artifactResponse = child(body, PROTOCOL, "samlp:ArtifactResponse");
        declareSaml(artifactResponse);
        artifactResponse.setAttributeNS(null, "ID", "_artifactresponse0123456789");
        artifactResponse.setAttributeNS(null, "Version", "2.0");
        artifactResponse.setAttributeNS(null, "IssueInstant", s.issueInstant.toString());
        artifactResponse.setAttributeNS(null, "InResponseTo", s.artifactInResponseTo);
        text(child(artifactResponse, ASSERTION, "saml:Issuer"), s.artifactIssuer);
        status(artifactResponse, s.artifactStatus, s.artifactSubStatus, null);

        Element response = child(artifactResponse, PROTOCOL, "samlp:Response");
        declareSaml(response);
        response.setAttributeNS(null, "ID", "_response0123456789");
        response.setAttributeNS(null, "Version", "2.0");
        response.setAttributeNS(null, "IssueInstant", s.issueInstant.toString());
        response.setAttributeNS(null, "Destination", s.destination);
        response.setAttributeNS(null, "InResponseTo", s.responseInResponseTo);
        text(child(response, ASSERTION, "saml:Issuer"), s.responseIssuer);
        status(response, s.statusCode, s.subStatusCode, s.statusMessage);

        for (int i = 0; i < s.assertions; i++) {
            Element assertion = assertion(response, s, i == 0 ? s.assertionId : s.assertionId + "_" + i);
            if (s.encryptNameId != null) {
                Element subject = Dom.single(assertion, ASSERTION, "Subject", "test");
                Element nameId = Dom.single(subject, ASSERTION, "NameID", "test");
                encrypt(nameId, "saml:EncryptedID", s.encryptNameId, s);
            }
            if (s.signAssertion) {
                new EnvelopedSigner(s.assertionSigner.signing()).sign(assertion);
            }
            if (s.encryptAssertion != null) {
                encrypt(assertion, "saml:EncryptedAssertion", s.encryptAssertion, s);
            }
        }
        if (s.signArtifactResponse) {
            new EnvelopedSigner(s.artifactSigner.signing()).sign(artifactResponse);
        }
        return doc;
    }

    private static Element assertion(Element response, Spec s, String id) {
        Element assertion = child(response, ASSERTION, "saml:Assertion");
        assertion.setAttributeNS(XMLNS, "xmlns:saml", ASSERTION);
        assertion.setAttributeNS(null, "ID", id);
        assertion.setAttributeNS(null, "Version", "2.0");
        assertion.setAttributeNS(null, "IssueInstant", s.issueInstant.toString());
        text(child(assertion, ASSERTION, "saml:Issuer"), s.assertionIssuer);

        Element subject = child(assertion, ASSERTION, "saml:Subject");
        Element nameId = text(child(subject, ASSERTION, "saml:NameID"), s.nameId);
        if (s.nameIdQualifier != null) {
            nameId.setAttributeNS(null, "NameQualifier", s.nameIdQualifier);
        }
        Element confirmation = child(subject, ASSERTION, "saml:SubjectConfirmation");
        confirmation.setAttributeNS(null, "Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
        Element data = child(confirmation, ASSERTION, "saml:SubjectConfirmationData");
        data.setAttributeNS(null, "InResponseTo", s.confirmationInResponseTo);
        data.setAttributeNS(null, "NotOnOrAfter", s.confirmationNotOnOrAfter.toString());
        data.setAttributeNS(null, "Recipient", s.recipient);

        Element conditions = child(assertion, ASSERTION, "saml:Conditions");
        conditions.setAttributeNS(null, "NotBefore", s.notBefore.toString());
        conditions.setAttributeNS(null, "NotOnOrAfter", s.notOnOrAfter.toString());
        if (s.audienceRestriction) {
            text(child(child(conditions, ASSERTION, "saml:AudienceRestriction"), ASSERTION, "saml:Audience"),
                    s.audience);
        }

        Element authn = child(assertion, ASSERTION, "saml:AuthnStatement");
        authn.setAttributeNS(null, "AuthnInstant", s.issueInstant.toString());
        authn.setAttributeNS(null, "SessionIndex", "_session42");
        text(child(child(authn, ASSERTION, "saml:AuthnContext"), ASSERTION, "saml:AuthnContextClassRef"),
                s.classRef);
        return assertion;
    }

    /** Wraps {@code element} in {@code wrapperName} and replaces it by EncryptedData (EncryptedKey in KeyInfo). */
    static void encrypt(Element element, String wrapperName, String contentAlgorithm, Spec s) {
        try {
            Document doc = element.getOwnerDocument();
            Element wrapper = doc.createElementNS(ASSERTION, wrapperName);
            element.getParentNode().replaceChild(wrapper, element);
            wrapper.appendChild(element);

            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(contentAlgorithm.contains("128") ? 128 : 256);
            SecretKey contentKey = generator.generateKey();
            XMLCipher keyCipher = XMLCipher.getInstance(s.keyTransport);
            keyCipher.init(XMLCipher.WRAP_MODE, s.encryptionKey);
            EncryptedKey encryptedKey = keyCipher.encryptKey(doc, contentKey);
            if (s.encryptedKeyRecipient != null) {
                encryptedKey.setRecipient(s.encryptedKeyRecipient);
            }
            XMLCipher dataCipher = XMLCipher.getInstance(contentAlgorithm);
            dataCipher.init(XMLCipher.ENCRYPT_MODE, contentKey);
            EncryptedData encryptedData = dataCipher.getEncryptedData();
            KeyInfo keyInfo = new KeyInfo(doc);
            keyInfo.add(encryptedKey);
            encryptedData.setKeyInfo(keyInfo);
            dataCipher.doFinal(doc, element, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

    private static void status(Element parent, String code, String subCode, String message) {
        Element status = child(parent, PROTOCOL, "samlp:Status");
        Element statusCode = child(status, PROTOCOL, "samlp:StatusCode");
        statusCode.setAttributeNS(null, "Value", code);
        if (subCode != null) {
            child(statusCode, PROTOCOL, "samlp:StatusCode").setAttributeNS(null, "Value", subCode);
        }
        if (message != null) {
            text(child(status, PROTOCOL, "samlp:StatusMessage"), message);
        }
    }

    private static void declareSaml(Element element) {
        element.setAttributeNS(XMLNS, "xmlns:samlp", PROTOCOL);
        element.setAttributeNS(XMLNS, "xmlns:saml", ASSERTION);
    }

    static Element child(Element parent, String ns, String qualifiedName) {
        Element e = parent.getOwnerDocument().createElementNS(ns, qualifiedName);
        parent.appendChild(e);
        return e;
    }

    private static Element text(Element e, String value) {
        e.setTextContent(value);
        return e;
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
