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
import java.util.List;

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
    /** For a generic IdP: AssertionConsumerServiceURL and ProtocolBinding instead of the index; null for DigiD. */
    private final String acsUrl;
    private final String protocolBinding;
    /** For an eIDAS node or broker: the extensions, NameIDPolicy and Comparison; null otherwise. */
    private final EidasRequest eidas;
    /** DigiD as a generic upstream (preset digid): no NameIDPolicy, Comparison="minimum" with the weakest level. */
    private final boolean digidStyle;

    public AuthnRequestFactory(Clock clock, SecureRandom random, String spEntityId, int acsIndex) {
        if (acsIndex < 0 || acsIndex > 65535) {
            throw new IllegalArgumentException("AssertionConsumerServiceIndex must be an unsigned short");
        }
        this.clock = clock;
        this.random = random;
        this.spEntityId = spEntityId;
        this.acsIndex = acsIndex;
        this.acsUrl = null;
        this.protocolBinding = null;
        this.eidas = null;
        this.digidStyle = false;
    }

    private AuthnRequestFactory(Clock clock, SecureRandom random, String spEntityId, String acsUrl,
                                String protocolBinding, EidasRequest eidas) {
        this(clock, random, spEntityId, acsUrl, protocolBinding, eidas, false);
    }

    private AuthnRequestFactory(Clock clock, SecureRandom random, String spEntityId, String acsUrl,
                                String protocolBinding, EidasRequest eidas, boolean digidStyle) {
        this.digidStyle = digidStyle;
        this.clock = clock;
        this.random = random;
        this.spEntityId = spEntityId;
        this.acsIndex = -1;
        this.acsUrl = acsUrl;
        this.protocolBinding = protocolBinding;
        this.eidas = eidas;
    }

    /**
     * This upstream factory for an eIDAS node or broker: the request gets the eIDAS extensions the connection wants,
     * its NameIDPolicy Format, ForceAuthn="true", IsPassive="false", and the weakest accepted level as the one
     * AuthnContextClassRef with the connection's Comparison (eIDAS: minimum).
     */
    public AuthnRequestFactory forEidas(EidasRequest request) {
        if (acsUrl == null) {
            throw new IllegalStateException("a DigiD factory builds DigiD AuthnRequests");
        }
        return new AuthnRequestFactory(clock, random, spEntityId, acsUrl, protocolBinding, request);
    }

    /**
     * This upstream factory for DigiD as a generic upstream ({@code preset: digid}): as DigiD's own AuthnRequests, no
     * NameIDPolicy (DigiD decides the sector-coded NameID) and a RequestedAuthnContext with Comparison="minimum" and
     * one class ref, the weakest accepted (DigiD's Basis when the client named no minimum).
     */
    public AuthnRequestFactory forDigid() {
        if (acsUrl == null) {
            throw new IllegalStateException("a DigiD factory builds DigiD AuthnRequests");
        }
        return new AuthnRequestFactory(clock, random, spEntityId, acsUrl, protocolBinding, null, true);
    }

    /**
     * For a generic SAML IdP (an upstream of the realm file), which knows our ACS from our metadata but is not
     * bound to DigiD's index convention: AssertionConsumerServiceURL and ProtocolBinding (HTTP-POST or
     * HTTP-Artifact), NameIDPolicy persistent, and the accepted class refs with Comparison="exact" (any of them).
     */
    public static AuthnRequestFactory forUpstream(Clock clock, SecureRandom random, String spEntityId, String acsUrl,
                                                  boolean artifactResponse) {
        return new AuthnRequestFactory(clock, random, spEntityId, acsUrl, artifactResponse
                ? "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
                : "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", null);
    }

    /** Generic IdP, Redirect binding: unsigned here, signed by {@link RedirectBindingEncoder}. */
    public AuthnRequest create(String destination, List<String> classRefs, boolean forceAuthn) {
        String id = SamlIds.newId(random);
        Instant now = clock.instant();
        Document doc = buildUpstream(id, now, destination, classRefs, forceAuthn);
        return new AuthnRequest(id, now, destination, XmlWriter.toString(doc));
    }

    /** Generic IdP, POST binding: with an enveloped signature. */
    public SignedMessage createSigned(String destination, List<String> classRefs, boolean forceAuthn,
                                      SigningCredential signing) {
        String id = SamlIds.newId(random);
        Document doc = buildUpstream(id, clock.instant(), destination, classRefs, forceAuthn);
        new EnvelopedSigner(signing).sign(doc.getDocumentElement());
        return new SignedMessage(id, XmlWriter.toBytes(doc));
    }

    private Document buildUpstream(String id, Instant now, String destination, List<String> classRefs,
                                   boolean forceAuthn) {
        if (acsUrl == null) {
            throw new IllegalStateException("a DigiD factory builds DigiD AuthnRequests");
        }
        Document doc = XmlWriter.newDocument();
        Element request = ProtocolRequests.create(doc, "AuthnRequest", id, now, destination, spEntityId);
        request.setAttributeNS(null, "AssertionConsumerServiceURL", acsUrl);
        request.setAttributeNS(null, "ProtocolBinding", protocolBinding);
        if (eidas != null) {
            return buildEidas(doc, request, classRefs);
        }
        if (forceAuthn) {
            request.setAttributeNS(null, "ForceAuthn", "true");
        }
        doc.appendChild(request);
        if (digidStyle) {
            Element requested = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:RequestedAuthnContext");
            requested.setAttributeNS(null, "Comparison", "minimum");
            Element classRef = doc.createElementNS(SamlNamespaces.ASSERTION, "saml:AuthnContextClassRef");
            classRef.setTextContent(classRefs.isEmpty() ? DigidLevel.BASIS.classRef() : classRefs.get(0));
            requested.appendChild(classRef);
            request.appendChild(requested);
            return doc;
        }
        // Schema order: Subject?, NameIDPolicy?, Conditions?, RequestedAuthnContext?
        Element policy = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:NameIDPolicy");
        policy.setAttributeNS(null, "Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        policy.setAttributeNS(null, "AllowCreate", "true");
        request.appendChild(policy);
        if (!classRefs.isEmpty()) {
            Element requested = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:RequestedAuthnContext");
            requested.setAttributeNS(null, "Comparison", "exact");
            for (String value : classRefs) {
                Element classRef = doc.createElementNS(SamlNamespaces.ASSERTION, "saml:AuthnContextClassRef");
                classRef.setTextContent(value);
                requested.appendChild(classRef);
            }
            request.appendChild(requested);
        }
        return doc;
    }

    /**
     * eIDAS SAML Message Format v1.2: Extensions (right after the Issuer; the signature goes between them) with
     * SPType and RequestedAttributes, then NameIDPolicy, then RequestedAuthnContext. With Comparison="minimum" one
     * class ref is sent, the weakest accepted; with "exact" every accepted one.
     */
    private Document buildEidas(Document doc, Element request, List<String> classRefs) {
        request.setAttributeNS(null, "ForceAuthn", "true");
        request.setAttributeNS(null, "IsPassive", "false");
        eidas.attributeConsumingServiceIndex().ifPresent(index -> request.setAttributeNS(null,
                "AttributeConsumingServiceIndex", Integer.toString(index)));
        doc.appendChild(request);
        if (eidas.spType().isPresent() || !eidas.requestedAttributes().isEmpty()) {
            Element extensions = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:Extensions");
            extensions.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:eidas", EidasRequest.NAMESPACE);
            eidas.spType().ifPresent(type -> {
                Element spType = doc.createElementNS(EidasRequest.NAMESPACE, "eidas:SPType");
                spType.setTextContent(type);
                extensions.appendChild(spType);
            });
            if (!eidas.requestedAttributes().isEmpty()) {
                Element attributes = doc.createElementNS(EidasRequest.NAMESPACE, "eidas:RequestedAttributes");
                for (EidasRequest.Requested requested : eidas.requestedAttributes()) {
                    Element attribute = doc.createElementNS(EidasRequest.NAMESPACE, "eidas:RequestedAttribute");
                    attribute.setAttributeNS(null, "Name", requested.name());
                    attribute.setAttributeNS(null, "NameFormat",
                            "urn:oasis:names:tc:SAML:2.0:attrname-format:uri");
                    attribute.setAttributeNS(null, "isRequired", Boolean.toString(requested.required()));
                    attributes.appendChild(attribute);
                }
                extensions.appendChild(attributes);
            }
            request.appendChild(extensions);
        }
        eidas.nameIdFormat().ifPresent(format -> {
            Element policy = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:NameIDPolicy");
            policy.setAttributeNS(null, "Format", format);
            policy.setAttributeNS(null, "AllowCreate", "true");
            request.appendChild(policy);
        });
        if (classRefs.isEmpty()) {
            throw new IllegalArgumentException("an eIDAS AuthnRequest names the minimum level");
        }
        Element requested = doc.createElementNS(SamlNamespaces.PROTOCOL, "samlp:RequestedAuthnContext");
        requested.setAttributeNS(null, "Comparison", eidas.comparison());
        for (String value : eidas.comparison().equals("minimum") ? classRefs.subList(0, 1) : classRefs) {
            Element classRef = doc.createElementNS(SamlNamespaces.ASSERTION, "saml:AuthnContextClassRef");
            classRef.setTextContent(value);
            requested.appendChild(classRef);
        }
        request.appendChild(requested);
        return doc;
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
