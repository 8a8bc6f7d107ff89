package nl.toegang.saml.crypto;

import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;

import java.util.Set;

/** The XML-DSig algorithms we sign with and the (small) set we accept. No SHA-1, no inclusive c14n, no XSLT/XPath. */
public final class SignatureAlgorithms {
    public static final String SIGNATURE_RSA_SHA256 = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
    public static final String CANONICALIZATION = Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
    public static final String DIGEST_SHA256 = MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256;

    public static final Set<String> ACCEPTED_SIGNATURE_METHODS = Set.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512,
            // RSASSA-PSS with MGF1 (RFC 6931 §2.3.10), as eIDAS nodes sign (eIDAS crypto requirements, docs/eidas.md)
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256_MGF1,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384_MGF1,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512_MGF1,
            // ECDSA (RFC 4051 §2.3.6), the other method eIDAS nodes sign with
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    public static final Set<String> ACCEPTED_DIGESTS = Set.of(
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA384,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512);
    public static final Set<String> ACCEPTED_TRANSFORMS = Set.of(
            Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
            Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);

    private SignatureAlgorithms() {
    }
}
