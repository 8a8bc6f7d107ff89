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

}
