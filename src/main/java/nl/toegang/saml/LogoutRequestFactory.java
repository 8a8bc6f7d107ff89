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
 * Builds a signed SAML LogoutRequest for the HTTP-POST binding: ID, Version, IssueInstant, Destination, Issuer (the
 * sender's entityID: our SP, or the mock IdP when it starts a logout), the sector-coded NameID
 * ({@code sXXXXXXXX:<BSN>}) and the SessionIndex of the assertion, signed with an enveloped RSA-SHA256 signature. The
 * message carries the BSN, so it must only ever travel in a POST body.
 */
public final class LogoutRequestFactory {
    private final Clock clock;
    private final SecureRandom random;
    private final String issuerEntityId;
    private final SigningCredential signing;

    public LogoutRequestFactory(Clock clock, SecureRandom random, String issuerEntityId, SigningCredential signing) {
        this.clock = clock;
        this.random = random;
        this.issuerEntityId = issuerEntityId;
        this.signing = signing;
    }

    /** The signed LogoutRequest (UTF-8 XML, not yet base64) and its ID. */
    public SignedMessage create(String destination, String sector, Bsn bsn, String sessionIndex) {
        Document doc = XmlWriter.newDocument();
        String id = SamlIds.newId(random);
        Element request = ProtocolRequests.create(doc, "LogoutRequest", id, clock.instant(), destination,
                issuerEntityId);
        doc.appendChild(request);
        Element nameId = doc.createElementNS(SamlNamespaces.ASSERTION, "saml:NameID");
        nameId.setTextContent(sector + ":" + bsn.value());
        request.appendChild(nameId);
        Element index = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:SessionIndex");
        index.setTextContent(sessionIndex);
        request.appendChild(index);

        new EnvelopedSigner(signing).sign(request);
        return new SignedMessage(id, XmlWriter.toBytes(doc));
    }

    /**
     * A LogoutRequest to a generic SAML IdP for the HTTP-POST binding: the NameID exactly as the IdP asserted it
     * (value, Format, NameQualifier, SPNameQualifier; SAML Core §3.7.1) and the SessionIndex (when the assertion had
     * one), with an enveloped signature.
     */
    public SignedMessage createSigned(String destination, SamlNameId nameId, String sessionIndex) {
        Document doc = generic(destination, nameId, sessionIndex);
        new EnvelopedSigner(signing).sign(doc.getDocumentElement());
        return new SignedMessage(doc.getDocumentElement().getAttribute("ID"), XmlWriter.toBytes(doc));
    }

    /**
     * The same LogoutRequest for the HTTP-Redirect binding: no signature in the XML, because that binding signs the
     * query octets instead (Bindings §3.4.4.1; {@link RedirectBindingEncoder}).
     */
    public SignedMessage createForRedirect(String destination, SamlNameId nameId, String sessionIndex) {
        Document doc = generic(destination, nameId, sessionIndex);
        return new SignedMessage(doc.getDocumentElement().getAttribute("ID"), XmlWriter.toBytes(doc));
    }

    private Document generic(String destination, SamlNameId nameId, String sessionIndex) {
        Document doc = XmlWriter.newDocument();
        Element request = ProtocolRequests.create(doc, "LogoutRequest", SamlIds.newId(random), clock.instant(),
                destination, issuerEntityId);
        doc.appendChild(request);
        Element element = doc.createElementNS(SamlNamespaces.ASSERTION, "saml:NameID");
        if (!nameId.format().isEmpty()) {
            element.setAttributeNS(null, "Format", nameId.format());
        }
        if (!nameId.nameQualifier().isEmpty()) {
            element.setAttributeNS(null, "NameQualifier", nameId.nameQualifier());
        }
        if (!nameId.spNameQualifier().isEmpty()) {
            element.setAttributeNS(null, "SPNameQualifier", nameId.spNameQualifier());
        }
        element.setTextContent(nameId.value());
        request.appendChild(element);
        if (sessionIndex != null && !sessionIndex.isEmpty()) {
            Element index = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:SessionIndex");
            index.setTextContent(sessionIndex);
            request.appendChild(index);
        }
        return doc;
    }

}
