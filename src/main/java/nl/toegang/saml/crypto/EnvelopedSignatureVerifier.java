package nl.toegang.saml.crypto;

import nl.toegang.saml.SafeText;
import nl.toegang.saml.SamlReason;
import nl.toegang.saml.SamlValidationException;
import nl.toegang.saml.xml.Dom;
import nl.toegang.saml.xml.SamlNamespaces;
import nl.toegang.saml.xml.XmlSecurityInit;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.security.PublicKey;
import java.util.List;

/**
 * Verifies the enveloped signature of one element we are about to consume, with the pinned keys only.
 *
 * <p>Signature-wrapping defences, in order: the Signature must be a direct child of the element; the element's ID
 * must be unique in the document; only that element gets its ID registered (and only for the duration of the check);
 * SignedInfo must have exactly one Reference whose URI is {@code #} + that ID, with only enveloped-signature and
 * exc-c14n transforms; the algorithms come from a short allowlist; and after verification the node the Reference
 * actually resolved to must be the very element the caller will read. KeyInfo is never looked at.
 */
public final class EnvelopedSignatureVerifier {

    public EnvelopedSignatureVerifier() {
        XmlSecurityInit.ensureInitialized();
    }

    public void verify(Element signed, List<PublicKey> pinnedKeys, String step) {
        List<Element> signatures = Dom.children(signed, SamlNamespaces.DSIG, "Signature");
        if (signatures.isEmpty()) {
            throw fail(SamlReason.SIGNATURE_MISSING, step, signed.getLocalName() + " is not signed");
        }
        if (signatures.size() > 1) {
            throw fail(SamlReason.UNEXPECTED_STRUCTURE, step, signed.getLocalName() + " has more than one Signature");
        }
        String id = Dom.requiredAttribute(signed, "ID", step);
        if (Dom.countIdValues(signed.getOwnerDocument(), id) != 1) {
            throw fail(SamlReason.DUPLICATE_ID, step, "the ID of " + signed.getLocalName()
                    + " occurs more than once in the message");
        }
        signed.setIdAttributeNS(null, "ID", true);
        try {
            XMLSignature signature = new XMLSignature(signatures.get(0), "", true);
            Reference reference = checkSignedInfo(signature.getSignedInfo(), id, step);
            if (!anyKeyVerifies(signature, pinnedKeys)) {
                throw fail(SamlReason.SIGNATURE_INVALID, step, "signature of " + signed.getLocalName()
                        + " does not verify with the pinned IdP key");
            }
            Node covered = reference.getContentsBeforeTransformation().getSubNode();
            if (covered != signed) {
                throw fail(SamlReason.SIGNATURE_REFERENCE_INVALID, step, "signature of " + signed.getLocalName()
                        + " covers another node than the one consumed");
            }
        } catch (XMLSecurityException e) {
            throw new SamlValidationException(SamlReason.SIGNATURE_INVALID, step + ": signature of "
                    + signed.getLocalName() + " cannot be processed: " + e.getClass().getSimpleName(), e);
        } finally {
            signed.setIdAttributeNS(null, "ID", false);
        }
    }

    private Reference checkSignedInfo(SignedInfo signedInfo, String id, String step) throws XMLSecurityException {
        if (!SignatureAlgorithms.CANONICALIZATION.equals(signedInfo.getCanonicalizationMethodURI())) {
            throw fail(SamlReason.ALGORITHM_NOT_ALLOWED, step, "canonicalization "
                    + SafeText.quote(signedInfo.getCanonicalizationMethodURI()) + " not allowed");
        }
        if (!SignatureAlgorithms.ACCEPTED_SIGNATURE_METHODS.contains(signedInfo.getSignatureMethodURI())) {
            throw fail(SamlReason.ALGORITHM_NOT_ALLOWED, step, "signature method "
                    + SafeText.quote(signedInfo.getSignatureMethodURI()) + " not allowed");
        }
        if (signedInfo.getLength() != 1) {
            throw fail(SamlReason.SIGNATURE_REFERENCE_INVALID, step,
                    "SignedInfo must hold exactly one Reference, found " + signedInfo.getLength());
        }
        Reference reference = signedInfo.item(0);
        if (!("#" + id).equals(reference.getURI())) {
            throw fail(SamlReason.SIGNATURE_REFERENCE_INVALID, step,
                    "Reference URI must be '#' + the signed element's ID");
        }
        if (!SignatureAlgorithms.ACCEPTED_DIGESTS.contains(reference.getMessageDigestAlgorithm().getAlgorithmURI())) {
            throw fail(SamlReason.ALGORITHM_NOT_ALLOWED, step, "digest method not allowed");
        }
        Transforms transforms = reference.getTransforms();
        if (transforms == null || transforms.getLength() == 0) {
            throw fail(SamlReason.SIGNATURE_REFERENCE_INVALID, step, "enveloped-signature transform missing");
        }
        boolean enveloped = false;
        for (int i = 0; i < transforms.getLength(); i++) {
            String uri = transforms.item(i).getURI();
            if (!SignatureAlgorithms.ACCEPTED_TRANSFORMS.contains(uri)) {
                throw fail(SamlReason.ALGORITHM_NOT_ALLOWED, step, "transform " + SafeText.quote(uri)
                        + " not allowed");
            }
            enveloped |= Transforms.TRANSFORM_ENVELOPED_SIGNATURE.equals(uri);
        }
        if (!enveloped) {
            throw fail(SamlReason.SIGNATURE_REFERENCE_INVALID, step, "enveloped-signature transform missing");
        }
        return reference;
    }

    private static boolean anyKeyVerifies(XMLSignature signature, List<PublicKey> keys) throws XMLSecurityException {
        for (PublicKey key : keys) {
            if (signature.checkSignatureValue(key)) {
                return true;
            }
        }
        return false;
    }

    private static SamlValidationException fail(SamlReason reason, String step, String message) {
        return new SamlValidationException(reason, step + ": " + message);
    }
}
