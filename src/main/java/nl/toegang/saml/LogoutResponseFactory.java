package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.crypto.SigningCredential;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Builds a signed SAML LogoutResponse for the HTTP-POST binding: ID, Version, IssueInstant, Destination,
 * InResponseTo, Issuer and a top-level StatusCode, with an enveloped RSA-SHA256 signature (exclusive c14n).
 */
public final class LogoutResponseFactory {
    private final Clock clock;
    private final SecureRandom random;
    private final String issuerEntityId;
    private final SigningCredential signing;

    public LogoutResponseFactory(Clock clock, SecureRandom random, String issuerEntityId, SigningCredential signing) {
        this.clock = clock;
        this.random = random;
        this.issuerEntityId = issuerEntityId;
        this.signing = signing;
    }

    /**
     * @param destination the IdP endpoint the answer goes to, or null for a SOAP answer (the HTTP response)
     * @param statusCode  top-level status URI, e.g. {@link SamlStatus#SUCCESS}
     */
    public SignedMessage create(String destination, String inResponseTo, String statusCode) {
        Document doc = build(destination, inResponseTo, statusCode);
        new EnvelopedSigner(signing).sign(doc.getDocumentElement());
        return new SignedMessage(doc.getDocumentElement().getAttribute("ID"), XmlWriter.toBytes(doc));
    }

    /** The same answer for the HTTP-Redirect binding, which signs the query instead of the XML (Bindings §3.4.4.1). */
    public SignedMessage createForRedirect(String destination, String inResponseTo, String statusCode) {
        Document doc = build(destination, inResponseTo, statusCode);
        return new SignedMessage(doc.getDocumentElement().getAttribute("ID"), XmlWriter.toBytes(doc));
    }

    private Document build(String destination, String inResponseTo, String statusCode) {
        Document doc = XmlWriter.newDocument();
        String id = SamlIds.newId(random);
        Element response = ProtocolRequests.create(doc, "LogoutResponse", id, clock.instant(), destination,
                issuerEntityId);
        response.setAttributeNS(null, "InResponseTo", inResponseTo);
        doc.appendChild(response);
        Element status = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:Status");
        Element code = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:StatusCode");
        code.setAttributeNS(null, "Value", statusCode);
        status.appendChild(code);
        response.appendChild(status);
        return doc;
    }
}
