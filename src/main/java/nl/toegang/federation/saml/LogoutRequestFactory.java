package nl.toegang.federation.saml;

import nl.toegang.federation.saml.crypto.EnvelopedSigner;
import nl.toegang.federation.saml.crypto.SigningCredential;
import nl.toegang.federation.saml.xml.SamlNamespaces;
import nl.toegang.federation.saml.xml.XmlWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Builds a signed SAML LogoutRequest for the HTTP-POST binding: ID, Version, IssueInstant, Destination, Issuer (our
 * entityID), the sector-coded NameID ({@code sXXXXXXXX:<BSN>}) and the SessionIndex of the assertion, signed with an
 * enveloped RSA-SHA256 signature. The message carries the BSN, so it must only ever travel in a POST body.
 */
public final class LogoutRequestFactory {
    private final Clock clock;
    private final SecureRandom random;
    private final String spEntityId;
    private final SigningCredential signing;

    public LogoutRequestFactory(Clock clock, SecureRandom random, String spEntityId, SigningCredential signing) {
        this.clock = clock;
        this.random = random;
        this.spEntityId = spEntityId;
        this.signing = signing;
    }

    /** The serialised, signed LogoutRequest (UTF-8 XML, not yet base64). */
    public byte[] create(String destination, String sector, Bsn bsn, String sessionIndex) {
        Document doc = XmlWriter.newDocument();
        Element request = ProtocolRequests.create(doc, "LogoutRequest", SamlIds.newId(random), clock.instant(),
                destination, spEntityId);
        doc.appendChild(request);
        Element nameId = doc.createElementNS(SamlNamespaces.ASSERTION, "saml:NameID");
        nameId.setTextContent(sector + ":" + bsn.value());
        request.appendChild(nameId);
        Element index = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:SessionIndex");
        index.setTextContent(sessionIndex);
        request.appendChild(index);

        new EnvelopedSigner(signing).sign(request);
        return XmlWriter.toBytes(doc);
    }

}
