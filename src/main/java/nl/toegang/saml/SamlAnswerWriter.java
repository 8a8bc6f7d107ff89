package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSigner;
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

import static nl.toegang.saml.xml.SamlNamespaces.ASSERTION;
import static nl.toegang.saml.xml.SamlNamespaces.PROTOCOL;

/**
 * Writes a {@link SamlAnswer} as the SOAP envelope an IdP returns from artifact resolution, in DigiD's element order:
 * the one place the mock and the SAML tests build an answer. Inside each assertion the NameID is encrypted first,
 * then the assertion signed, then the assertion encrypted; the ArtifactResponse is signed last.
 */
public final class SamlAnswerWriter {
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private final SecureRandom random;

    public SamlAnswerWriter(SecureRandom random) {
        XmlSecurityInit.ensureInitialized();
        this.random = random;
    }

    public Document write(SamlAnswer.ArtifactResponse message) {
        Document doc = XmlWriter.newDocument();
        Element envelope = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Envelope");
        envelope.setAttributeNS(XMLNS, "xmlns:soapenv", SamlNamespaces.SOAP11);
        doc.appendChild(envelope);
        Element body = child(envelope, SamlNamespaces.SOAP11, "soapenv:Body");

        Element artifactResponse = child(body, PROTOCOL, "samlp:ArtifactResponse");
        declareSaml(artifactResponse);
        artifactResponse.setAttributeNS(null, "ID", message.id());
        artifactResponse.setAttributeNS(null, "Version", "2.0");
        artifactResponse.setAttributeNS(null, "IssueInstant", message.issueInstant().toString());
        artifactResponse.setAttributeNS(null, "InResponseTo", message.inResponseTo());
        text(child(artifactResponse, ASSERTION, "saml:Issuer"), message.issuer());
        status(artifactResponse, message.status());
        if (message.response() != null) {
            response(artifactResponse, message.response());
        }
        if (message.signer() != null) {
            new EnvelopedSigner(message.signer()).sign(artifactResponse);
        }
        return doc;
    }

    public byte[] bytes(SamlAnswer.ArtifactResponse message) {
        return XmlWriter.toBytes(write(message));
    }

    /** A Response on its own, as the HTTP-POST binding carries it (before base64). */
    public byte[] responseBytes(SamlAnswer.Response message) {
        Document doc = XmlWriter.newDocument();
        response(doc, message);
        return XmlWriter.toBytes(doc);
    }

    private void response(org.w3c.dom.Node parent, SamlAnswer.Response message) {
        Document owner = parent instanceof Document d ? d : parent.getOwnerDocument();
        Element response = owner.createElementNS(PROTOCOL, "samlp:Response");
        parent.appendChild(response);
        declareSaml(response);
        response.setAttributeNS(null, "ID", message.id());
        response.setAttributeNS(null, "Version", "2.0");
        response.setAttributeNS(null, "IssueInstant", message.issueInstant().toString());
        response.setAttributeNS(null, "Destination", message.destination());
        response.setAttributeNS(null, "InResponseTo", message.inResponseTo());
        text(child(response, ASSERTION, "saml:Issuer"), message.issuer());
        status(response, message.status());
        for (SamlAnswer.Assertion assertion : message.assertions()) {
            assertion(response, assertion);
        }
    }

    private void assertion(Element response, SamlAnswer.Assertion message) {
        Element assertion = child(response, ASSERTION, "saml:Assertion");
        assertion.setAttributeNS(XMLNS, "xmlns:saml", ASSERTION);
        assertion.setAttributeNS(null, "ID", message.id());
        assertion.setAttributeNS(null, "Version", "2.0");
        assertion.setAttributeNS(null, "IssueInstant", message.issueInstant().toString());
        text(child(assertion, ASSERTION, "saml:Issuer"), message.issuer());

        SamlAnswer.Subject s = message.subject();
        Element subject = child(assertion, ASSERTION, "saml:Subject");
        Element nameId = text(child(subject, ASSERTION, "saml:NameID"), s.nameId());
        if (s.nameQualifier() != null) {
            nameId.setAttributeNS(null, "NameQualifier", s.nameQualifier());
        }
        Element confirmation = child(subject, ASSERTION, "saml:SubjectConfirmation");
        confirmation.setAttributeNS(null, "Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
        Element data = child(confirmation, ASSERTION, "saml:SubjectConfirmationData");
        if (s.notBefore() != null) {
            data.setAttributeNS(null, "NotBefore", s.notBefore().toString());
        }
        data.setAttributeNS(null, "InResponseTo", s.inResponseTo());
        data.setAttributeNS(null, "NotOnOrAfter", s.notOnOrAfter().toString());
        data.setAttributeNS(null, "Recipient", s.recipient());

        SamlAnswer.Conditions c = message.conditions();
        Element conditions = child(assertion, ASSERTION, "saml:Conditions");
        conditions.setAttributeNS(null, "NotBefore", c.notBefore().toString());
        conditions.setAttributeNS(null, "NotOnOrAfter", c.notOnOrAfter().toString());
        if (c.audience() != null) {
            text(child(child(conditions, ASSERTION, "saml:AudienceRestriction"), ASSERTION, "saml:Audience"),
                    c.audience());
        }
        if (c.proxyRestriction() != null) {
            Element proxy = child(conditions, ASSERTION, "saml:ProxyRestriction");
            if (c.proxyRestriction().count() != null) {
                proxy.setAttributeNS(null, "Count", c.proxyRestriction().count().toString());
            }
            for (String audience : c.proxyRestriction().audiences()) {
                text(child(proxy, ASSERTION, "saml:Audience"), audience);
            }
        }

        Element authn = child(assertion, ASSERTION, "saml:AuthnStatement");
        authn.setAttributeNS(null, "AuthnInstant", message.issueInstant().toString());
        authn.setAttributeNS(null, "SessionIndex", message.sessionIndex());
        text(child(child(authn, ASSERTION, "saml:AuthnContext"), ASSERTION, "saml:AuthnContextClassRef"),
                message.classRef());
        if (!message.attributes().isEmpty()) {
            Element statement = child(assertion, ASSERTION, "saml:AttributeStatement");
            for (SamlAnswer.Attribute a : message.attributes()) {
                Element attribute = child(statement, ASSERTION, "saml:Attribute");
                attribute.setAttributeNS(null, "Name", a.name());
                attribute.setAttributeNS(null, "NameFormat", "urn:oasis:names:tc:SAML:2.0:attrname-format:uri");
                for (String value : a.values()) {
                    text(child(attribute, ASSERTION, "saml:AttributeValue"), value);
                }
                for (String value : a.nonLatinValues()) {
                    Element v = text(child(attribute, ASSERTION, "saml:AttributeValue"), value);
                    v.setAttributeNS(XMLNS, "xmlns:eidas-natural", "http://eidas.europa.eu/attributes/naturalperson");
                    v.setAttributeNS("http://eidas.europa.eu/attributes/naturalperson", "eidas-natural:LatinScript",
                            "false");
                }
            }
        }

        if (message.encryptNameId() != null) {
            encrypt(nameId, "saml:EncryptedID", message.encryptNameId());
        }
        if (message.signer() != null) {
            new EnvelopedSigner(message.signer()).sign(assertion);
        }
        if (message.encryptAssertion() != null) {
            encrypt(assertion, "saml:EncryptedAssertion", message.encryptAssertion());
        }
    }

    /** Wraps {@code element} in {@code wrapperName} and replaces it by EncryptedData (EncryptedKey in KeyInfo). */
    private void encrypt(Element element, String wrapperName, SamlAnswer.Encryption encryption) {
        try {
            Document doc = element.getOwnerDocument();
            Element wrapper = doc.createElementNS(ASSERTION, wrapperName);
            element.getParentNode().replaceChild(wrapper, element);
            wrapper.appendChild(element);
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(encryption.contentAlgorithm().contains("128") ? 128 : 256, random);
            SecretKey contentKey = generator.generateKey();
            XMLCipher keyCipher = XMLCipher.getInstance(encryption.keyTransport());
            keyCipher.init(XMLCipher.WRAP_MODE, encryption.key());
            EncryptedKey encryptedKey = keyCipher.encryptKey(doc, contentKey);
            if (encryption.recipient() != null) {
                encryptedKey.setRecipient(encryption.recipient());
            }
            XMLCipher dataCipher = XMLCipher.getInstance(encryption.contentAlgorithm());
            dataCipher.init(XMLCipher.ENCRYPT_MODE, contentKey);
            EncryptedData encryptedData = dataCipher.getEncryptedData();
            KeyInfo keyInfo = new KeyInfo(doc);
            keyInfo.add(encryptedKey);
            encryptedData.setKeyInfo(keyInfo);
            dataCipher.doFinal(doc, element, false);
        } catch (Exception e) {
            throw new IllegalStateException("could not encrypt " + wrapperName, e);
        }
    }

    private static void status(Element parent, SamlAnswer.Status message) {
        Element status = child(parent, PROTOCOL, "samlp:Status");
        Element statusCode = child(status, PROTOCOL, "samlp:StatusCode");
        statusCode.setAttributeNS(null, "Value", message.code());
        if (message.subCode() != null) {
            child(statusCode, PROTOCOL, "samlp:StatusCode").setAttributeNS(null, "Value", message.subCode());
        }
        if (message.message() != null) {
            text(child(status, PROTOCOL, "samlp:StatusMessage"), message.message());
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
