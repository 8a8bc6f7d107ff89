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
 * Builds the SOAP 1.1 ArtifactResolve for a SAMLart, signed (enveloped, RSA-SHA256, exc-c14n, SHA-256): DigiD
 * requires every SP message to be signed, also on the mutually authenticated back channel.
 */
public final class ArtifactResolveFactory {
    private final Clock clock;
    private final SecureRandom random;
    private final String spEntityId;
    private final EnvelopedSigner signer;

    public ArtifactResolveFactory(Clock clock, SecureRandom random, String spEntityId, SigningCredential credential) {
        this.clock = clock;
        this.random = random;
        this.spEntityId = spEntityId;
        this.signer = new EnvelopedSigner(credential);
    }

    /** @param resolutionServiceUrl the IdP's ArtifactResolutionService location (Destination) */
    public ArtifactResolveMessage create(SamlArtifact artifact, String resolutionServiceUrl) {
        String id = SamlIds.newId(random);
        Document doc = XmlWriter.newDocument();
        Element envelope = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:soapenv", SamlNamespaces.SOAP11);
        doc.appendChild(envelope);
        Element body = doc.createElementNS(SamlNamespaces.SOAP11, "soapenv:Body");
        envelope.appendChild(body);

        Element resolve = ProtocolRequests.create(doc, "ArtifactResolve", id, clock.instant(), resolutionServiceUrl,
                spEntityId);
        body.appendChild(resolve);
        Element artifactElement = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:Artifact");
        artifactElement.setTextContent(artifact.encoded());
        resolve.appendChild(artifactElement);

        signer.sign(resolve);
        return new ArtifactResolveMessage(id, XmlWriter.toBytes(doc));
    }

}
