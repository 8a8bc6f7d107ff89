package nl.toegang.federation.saml.mock;

import nl.toegang.saml.SamlStatus;
import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.crypto.SigningCredential;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * The IdP side of the artifact back channel for the mock: builds the SOAP ArtifactResponse the way DigiD does
 * (ArtifactResponse signed, Assertion signed, validity -2/+2 minutes, NameID {@code s00000000:<BSN>}; or the SAML 4
 * variant with an EncryptedID), a cancel (Responder/AuthnFailed), a level that cannot be met
 * (Responder/NoAuthnContext) or a refused resolution (Requester/RequestDenied).
 */
public final class MockResponseBuilder {
    static final String LEGACY_BSN = "urn:nl-eid-gdi:1.0:id:legacy-BSN";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    private static final String AUTHN_FAILED = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";
    private static final String NO_AUTHN_CONTEXT = SamlStatus.NO_AUTHN_CONTEXT;
    private static final String REQUEST_DENIED = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied";
    private static final String RESPONDER = "urn:oasis:names:tc:SAML:2.0:status:Responder";
    private static final String REQUESTER = "urn:oasis:names:tc:SAML:2.0:status:Requester";

    private final String idpEntityId;
    private final SigningCredential signing;
    private final SecureRandom random;

    public MockResponseBuilder(String idpEntityId, SigningCredential signing, SecureRandom random) {
        XmlSecurityInit.ensureInitialized();
        this.idpEntityId = idpEntityId;
        this.signing = signing;
        this.random = random;
    }

    /** The answer to a resolvable artifact. */
    public byte[] answer(String artifactResolveId, MockAnswer answer, Instant now) {
        Document doc = XmlWriter.newDocument();
        Element artifactResponse = artifactResponse(doc, artifactResolveId, now, SamlStatus.SUCCESS, null);
        Element response = child(artifactResponse, PROTOCOL, "samlp:Response");
        declareSaml(response);
        response.setAttributeNS(null, "ID", id());
        response.setAttributeNS(null, "Version", "2.0");
        response.setAttributeNS(null, "IssueInstant", now.toString());
        response.setAttributeNS(null, "Destination", answer.acsUrl());
        response.setAttributeNS(null, "InResponseTo", answer.authnRequestId());
        text(child(response, ASSERTION, "saml:Issuer"), idpEntityId);
        if (answer.cancelled()) {
            status(response, RESPONDER, AUTHN_FAILED, "Authentication cancelled");
        } else if (answer.levelNotMet()) {
            status(response, RESPONDER, NO_AUTHN_CONTEXT, "Requested level not available");
        } else {
            status(response, SamlStatus.SUCCESS, null, null);
            Element assertion = assertion(response, answer, now);
            new EnvelopedSigner(signing).sign(assertion);
        }
        new EnvelopedSigner(signing).sign(artifactResponse);
        return XmlWriter.toBytes(doc);
    }

    /** Unknown, expired or already resolved artifact: DigiD answers Requester/RequestDenied without a Response. */
    public byte[] denied(String artifactResolveId, Instant now) {
        Document doc = XmlWriter.newDocument();
        Element artifactResponse = artifactResponse(doc, artifactResolveId, now, REQUESTER, REQUEST_DENIED);
        new EnvelopedSigner(signing).sign(artifactResponse);
        return XmlWriter.toBytes(doc);
    }

    private Element artifactResponse(Document doc, String inResponseTo, Instant now, String code, String subCode) {
        Element envelope = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Envelope");
        envelope.setAttributeNS(XMLNS, "xmlns:soapenv", SamlNamespaces.SOAP11);
        doc.appendChild(envelope);
        Element body = child(envelope, SamlNamespaces.SOAP11, "soapenv:Body");
        Element artifactResponse = child(body, PROTOCOL, "samlp:ArtifactResponse");
        declareSaml(artifactResponse);
        artifactResponse.setAttributeNS(null, "ID", id());
        artifactResponse.setAttributeNS(null, "Version", "2.0");
        artifactResponse.setAttributeNS(null, "IssueInstant", now.toString());
        artifactResponse.setAttributeNS(null, "InResponseTo", inResponseTo);
        text(child(artifactResponse, ASSERTION, "saml:Issuer"), idpEntityId);
        status(artifactResponse, code, subCode, null);
        return artifactResponse;
    }

    private Element assertion(Element response, MockAnswer answer, Instant now) {
        Element assertion = child(response, ASSERTION, "saml:Assertion");
        assertion.setAttributeNS(XMLNS, "xmlns:saml", ASSERTION);
        assertion.setAttributeNS(null, "ID", id());
        assertion.setAttributeNS(null, "Version", "2.0");
        assertion.setAttributeNS(null, "IssueInstant", now.toString());
        text(child(assertion, ASSERTION, "saml:Issuer"), idpEntityId);

        Element subject = child(assertion, ASSERTION, "saml:Subject");
        Element nameId = child(subject, ASSERTION, "saml:NameID");
        if (answer.saml4()) {
            nameId.setAttributeNS(null, "NameQualifier", LEGACY_BSN);
            nameId.setTextContent(answer.bsn().value());
        } else {
            nameId.setTextContent("s00000000:" + answer.bsn().value());
        }
        Element confirmation = child(subject, ASSERTION, "saml:SubjectConfirmation");
        confirmation.setAttributeNS(null, "Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
        Element data = child(confirmation, ASSERTION, "saml:SubjectConfirmationData");
        data.setAttributeNS(null, "InResponseTo", answer.authnRequestId());
        data.setAttributeNS(null, "NotOnOrAfter", now.plus(Duration.ofMinutes(2)).toString());
        data.setAttributeNS(null, "Recipient", answer.acsUrl());

        Element conditions = child(assertion, ASSERTION, "saml:Conditions");
        conditions.setAttributeNS(null, "NotBefore", now.minus(Duration.ofMinutes(2)).toString());
        conditions.setAttributeNS(null, "NotOnOrAfter", now.plus(Duration.ofMinutes(2)).toString());
        text(child(child(conditions, ASSERTION, "saml:AudienceRestriction"), ASSERTION, "saml:Audience"),
                answer.spEntityId());

        Element authn = child(assertion, ASSERTION, "saml:AuthnStatement");
        authn.setAttributeNS(null, "AuthnInstant", now.toString());
        authn.setAttributeNS(null, "SessionIndex", answer.sessionIndex());
        text(child(child(authn, ASSERTION, "saml:AuthnContext"), ASSERTION, "saml:AuthnContextClassRef"),
                answer.saml4() ? answer.level().eidasUri() : answer.level().classRef());
        if (answer.saml4()) {
            encrypt(nameId, answer);
        }
        return assertion;
    }

    /** SAML 4: NameID → EncryptedID, AES-256-CBC content key wrapped with RSA-OAEP for the SP's entityID. */
    private void encrypt(Element nameId, MockAnswer answer) {
        try {
            Document doc = nameId.getOwnerDocument();
            Element wrapper = doc.createElementNS(ASSERTION, "saml:EncryptedID");
            nameId.getParentNode().replaceChild(wrapper, nameId);
            wrapper.appendChild(nameId);
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            SecretKey contentKey = generator.generateKey();
            XMLCipher keyCipher = XMLCipher.getInstance(XMLCipher.RSA_OAEP);
            keyCipher.init(XMLCipher.WRAP_MODE, answer.encryptionKey());
            EncryptedKey encryptedKey = keyCipher.encryptKey(doc, contentKey);
            encryptedKey.setRecipient(answer.spEntityId());
            XMLCipher dataCipher = XMLCipher.getInstance(XMLCipher.AES_256);
            dataCipher.init(XMLCipher.ENCRYPT_MODE, contentKey);
            EncryptedData encryptedData = dataCipher.getEncryptedData();
            KeyInfo keyInfo = new KeyInfo(doc);
            keyInfo.add(encryptedKey);
            encryptedData.setKeyInfo(keyInfo);
            dataCipher.doFinal(doc, nameId, false);
        } catch (Exception e) {
            throw new IllegalStateException("could not encrypt the NameID", e);
        }
    }

    private String id() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return "_" + HexFormat.of().formatHex(bytes);
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

    private static Element child(Element parent, String ns, String qualifiedName) {
        Element e = parent.getOwnerDocument().createElementNS(ns, qualifiedName);
        parent.appendChild(e);
        return e;
    }

    private static Element text(Element e, String value) {
        e.setTextContent(value);
        return e;
    }

}
