package nl.toegang.saml;

import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.crypto.SigningCredential;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * Builds DigiD-style AuthnRequests: AssertionConsumerServiceIndex (never a URL, never both), Issuer = our entityID,
 * RequestedAuthnContext Comparison="minimum" with one class ref, optional ForceAuthn, never IsPassive. For the
 * HTTP-Redirect binding signing happens in the binding ({@link RedirectBindingEncoder}); for HTTP-POST
 * {@link #createSigned} adds the enveloped signature (RSA-SHA256, exclusive c14n) right after the Issuer.
 */
public final class AuthnRequestFactory {
    private final Clock clock;
    private final SecureRandom random;
    private final String spEntityId;
    private final int acsIndex;

    public AuthnRequestFactory(Clock clock, SecureRandom random, String spEntityId, int acsIndex) {
        if (acsIndex < 0 || acsIndex > 65535) {
            throw new IllegalArgumentException("AssertionConsumerServiceIndex must be an unsigned short");
        }
        this.clock = clock;
        this.random = random;
        this.spEntityId = spEntityId;
        this.acsIndex = acsIndex;
    }

    public AuthnRequest create(String destination, DigidLevel minimumLevel, boolean forceAuthn) {
        String id = SamlIds.newId(random);
        Instant now = clock.instant();
        Document doc = build(id, now, destination, minimumLevel, forceAuthn);
        return new AuthnRequest(id, now, destination, XmlWriter.toString(doc));
    }

    /** For the HTTP-POST binding: the AuthnRequest with an enveloped signature by {@code signing}. */
    public SignedMessage createSigned(String destination, DigidLevel minimumLevel, boolean forceAuthn,
                                      SigningCredential signing) {
        String id = SamlIds.newId(random);
        Document doc = build(id, clock.instant(), destination, minimumLevel, forceAuthn);
        new EnvelopedSigner(signing).sign(doc.getDocumentElement());
        return new SignedMessage(id, XmlWriter.toBytes(doc));
    }

    private Document build(String id, Instant now, String destination, DigidLevel minimumLevel, boolean forceAuthn) {
        Document doc = XmlWriter.newDocument();
        Element request = ProtocolRequests.create(doc, "AuthnRequest", id, now, destination, spEntityId);
        request.setAttributeNS(null, "AssertionConsumerServiceIndex", Integer.toString(acsIndex));
        if (forceAuthn) {
            request.setAttributeNS(null, "ForceAuthn", "true");
        }
        doc.appendChild(request);

        Element requested = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:RequestedAuthnContext");
        requested.setAttributeNS(null, "Comparison", "minimum");
        Element classRef = doc.createElementNS(SamlNamespaces.ASSERTION, "saml:AuthnContextClassRef");
        classRef.setTextContent(minimumLevel.classRef());
        requested.appendChild(classRef);
        request.appendChild(requested);
        return doc;
    }

}
