package nl.toegang.saml;

import nl.toegang.saml.xml.SamlNamespaces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.time.Instant;

/**
 * The part every SAML protocol message we send (requests and LogoutResponse) shares: {@code ID}, {@code Version},
 * {@code IssueInstant}, {@code Destination} and our {@code Issuer} as the first child.
 */
final class ProtocolRequests {
    private ProtocolRequests() {
    }

    /** Creates {@code samlp:<localName>} with the common attributes and Issuer; the caller places it in the document. */
    static Element create(Document doc, String localName, String id, Instant issueInstant, String destination,
                          String issuerEntityId) {
        Element request = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:" + localName);
        request.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:samlp", SamlNamespaces.PROTOCOL);
        request.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", SamlNamespaces.ASSERTION);
        request.setAttributeNS(null, "ID", id);
        request.setAttributeNS(null, "Version", SamlNamespaces.VERSION_2_0);
        request.setAttributeNS(null, "IssueInstant", SamlIds.instant(issueInstant));
        if (destination != null) { // optional; a SOAP answer travels in the HTTP response and has none
            request.setAttributeNS(null, "Destination", destination);
        }
        Element issuer = doc.createElementNS(SamlNamespaces.ASSERTION, "saml:Issuer");
        issuer.setTextContent(issuerEntityId);
        request.appendChild(issuer);
        return request;
    }
}
