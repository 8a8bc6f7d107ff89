package nl.toegang.saml.crypto;

import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlSecurityInit;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Signs a SAML element with an enveloped XML-DSig signature: RSA-SHA256, exclusive c14n, SHA-256 digest, one
 * Reference to {@code #ID}. The Signature goes right after the element's Issuer, where the SAML schema wants it.
 */
public final class EnvelopedSigner {
    private final SigningCredential credential;

    public EnvelopedSigner(SigningCredential credential) {
        XmlSecurityInit.ensureInitialized();
        this.credential = credential;
    }

    public void sign(Element target) {
        String id = target.getAttributeNS(null, "ID");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("element to sign has no ID attribute");
        }
        try {
            target.setIdAttributeNS(null, "ID", true);
            XMLSignature signature = new XMLSignature(target.getOwnerDocument(), "",
                    SignatureAlgorithms.SIGNATURE_RSA_SHA256, SignatureAlgorithms.CANONICALIZATION);
            target.insertBefore(signature.getElement(), positionAfterIssuer(target));
            Transforms transforms = new Transforms(target.getOwnerDocument());
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("#" + id, transforms, SignatureAlgorithms.DIGEST_SHA256);
            if (credential.certificate() != null) {
                signature.addKeyInfo(credential.certificate());
            }
            signature.sign(credential.privateKey());
        } catch (XMLSecurityException e) {
            throw new IllegalStateException("could not sign " + target.getLocalName(), e);
        } finally {
            target.setIdAttributeNS(null, "ID", false);
        }
    }

    private static Node positionAfterIssuer(Element target) {
        for (Node n = target.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                if (SamlNamespaces.ASSERTION.equals(n.getNamespaceURI()) && "Issuer".equals(n.getLocalName())) {
                    return n.getNextSibling();
                }
                return n;
            }
        }
        return null;
    }
}
