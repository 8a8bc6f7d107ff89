package nl.toegang.federation.digid;

import nl.toegang.saml.crypto.EnvelopedSigner;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlWriter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Our SP metadata as DigiD expects it: AuthnRequestsSigned and WantAssertionsSigned, the signing certificate, one
 * HTTP-POST and SOAP SingleLogoutServices, one HTTP-Artifact ACS (index {@value DigidRealm#ACS_INDEX}), no CacheDuration, signed
 * with our signing key.
 */
public final class SpMetadata {
    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String ARTIFACT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact";
    private static final String SOAP = "urn:oasis:names:tc:SAML:2.0:bindings:SOAP";
    static final String POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    private SpMetadata() {
    }

    public static String of(DigidRealm realm) {
        Document doc = newDocument();
        Element entity = doc.createElementNS(MD, "md:EntityDescriptor");
        entity.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:md", MD);
        entity.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ds", SamlNamespaces.DSIG);
        entity.setAttributeNS(null, "ID", "_" + Integer.toHexString(realm.spEntityId().hashCode()) + "metadata");
        entity.setAttributeNS(null, "entityID", realm.spEntityId());
        doc.appendChild(entity);
        Element sp = child(entity, MD, "md:SPSSODescriptor");
        sp.setAttributeNS(null, "AuthnRequestsSigned", "true");
        sp.setAttributeNS(null, "WantAssertionsSigned", "true");
        sp.setAttributeNS(null, "protocolSupportEnumeration", SamlNamespaces.PROTOCOL);
        keyDescriptor(sp, "signing", realm.credentials().signing().certificate());
        // SAML 4 encrypts the identity to the SP; we use the same key pair (see docs/digid.md).
        keyDescriptor(sp, "encryption", realm.credentials().signing().certificate());
        // Schema order: SingleLogoutService before AssertionConsumerService. No Redirect: LogoutRequests carry the
        // BSN. POST for the browser; SOAP for DigiD's back-channel logout when another SP ended the DigiD session.
        Element slo = child(sp, MD, "md:SingleLogoutService");
        slo.setAttributeNS(null, "Binding", POST);
        slo.setAttributeNS(null, "Location", realm.sloUrl());
        Element soapSlo = child(sp, MD, "md:SingleLogoutService");
        soapSlo.setAttributeNS(null, "Binding", SOAP);
        soapSlo.setAttributeNS(null, "Location", realm.soapSloUrl());
        Element acs = child(sp, MD, "md:AssertionConsumerService");
        acs.setAttributeNS(null, "Binding", ARTIFACT);
        acs.setAttributeNS(null, "Location", realm.acsUrl());
        acs.setAttributeNS(null, "index", Integer.toString(DigidRealm.ACS_INDEX));
        acs.setAttributeNS(null, "isDefault", "true");
        new EnvelopedSigner(realm.credentials().signing()).sign(entity);
        return XmlWriter.toString(doc);
    }

    /**
     * Our SP metadata toward a generic SAML IdP (an upstream of the realm file): AuthnRequestsSigned and
     * WantAssertionsSigned, the certificate for signing and for encryption, one ACS in the binding the realm file
     * chose (index 0), our SingleLogoutService (HTTP-Redirect and HTTP-POST, one URL), signed with our signing key.
     */
    public static String forUpstream(String spEntityId, String acsUrl, boolean artifact,
                                     nl.toegang.saml.crypto.SigningCredential signing, String sloUrl) {
        return forUpstream(spEntityId, acsUrl, artifact, signing, sloUrl, java.util.Optional.empty());
    }

    /**
     * As {@link #forUpstream(String, String, boolean, nl.toegang.saml.crypto.SigningCredential, String)}, with the
     * eIDAS {@code eidas:SPType} ({@code public}/{@code private}) in the EntityDescriptor's Extensions when given
     * (eIDAS SAML Message Format v1.2: the sector may be declared in the SP's metadata instead of, or as well as, the
     * request).
     */
    public static String forUpstream(String spEntityId, String acsUrl, boolean artifact,
                                     nl.toegang.saml.crypto.SigningCredential signing, String sloUrl,
                                     java.util.Optional<String> eidasSpType) {
        Document doc = newDocument();
        Element entity = doc.createElementNS(MD, "md:EntityDescriptor");
        entity.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:md", MD);
        entity.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ds", SamlNamespaces.DSIG);
        entity.setAttributeNS(null, "ID", "_" + Integer.toHexString(spEntityId.hashCode()) + "metadata");
        entity.setAttributeNS(null, "entityID", spEntityId);
        doc.appendChild(entity);
        // Schema order: Signature? (the signer puts it first), Extensions?, then the role descriptors.
        eidasSpType.ifPresent(type -> {
            Element extensions = child(entity, MD, "md:Extensions");
            Element spType = extensions.getOwnerDocument().createElementNS(nl.toegang.saml.EidasRequest.NAMESPACE,
                    "eidas:SPType");
            spType.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:eidas",
                    nl.toegang.saml.EidasRequest.NAMESPACE);
            spType.setTextContent(type);
            extensions.appendChild(spType);
        });
        Element sp = child(entity, MD, "md:SPSSODescriptor");
        sp.setAttributeNS(null, "AuthnRequestsSigned", "true");
        sp.setAttributeNS(null, "WantAssertionsSigned", "true");
        sp.setAttributeNS(null, "protocolSupportEnumeration", SamlNamespaces.PROTOCOL);
        keyDescriptor(sp, "signing", signing.certificate());
        keyDescriptor(sp, "encryption", signing.certificate());
        // Single logout with the IdP, both bindings at one URL (schema order: before NameIDFormat).
        for (String binding : java.util.List.of("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", POST)) {
            Element slo = child(sp, MD, "md:SingleLogoutService");
            slo.setAttributeNS(null, "Binding", binding);
            slo.setAttributeNS(null, "Location", sloUrl);
        }
        child(sp, MD, "md:NameIDFormat").setTextContent("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        Element acs = child(sp, MD, "md:AssertionConsumerService");
        acs.setAttributeNS(null, "Binding", artifact ? ARTIFACT : POST);
        acs.setAttributeNS(null, "Location", acsUrl);
        acs.setAttributeNS(null, "index", "0");
        acs.setAttributeNS(null, "isDefault", "true");
        new EnvelopedSigner(signing).sign(entity);
        return XmlWriter.toString(doc);
    }

    private static void keyDescriptor(Element sp, String use, X509Certificate certificate) {
        Element descriptor = child(sp, MD, "md:KeyDescriptor");
        descriptor.setAttributeNS(null, "use", use);
        Element x509 = child(child(child(descriptor, SamlNamespaces.DSIG, "ds:KeyInfo"), SamlNamespaces.DSIG,
                "ds:X509Data"), SamlNamespaces.DSIG, "ds:X509Certificate");
        try {
            x509.setTextContent(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element parent, String ns, String name) {
        Element e = parent.getOwnerDocument().createElementNS(ns, name);
        parent.appendChild(e);
        return e;
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
