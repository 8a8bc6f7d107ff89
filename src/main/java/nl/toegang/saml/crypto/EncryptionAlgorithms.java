package nl.toegang.saml.crypto;

import org.apache.xml.security.encryption.XMLCipher;

import java.util.Set;

/**
 * Encryption algorithms we accept. RSA-OAEP key transport only: rsa-1_5 is open to Bleichenbacher-style padding
 * oracles. AES-256-CBC is what DigiD SAML 4 uses; AES-GCM is preferred where the IdP supports it.
 */
public final class EncryptionAlgorithms {
    public static final Set<String> ACCEPTED_KEY_TRANSPORT = Set.of(XMLCipher.RSA_OAEP, XMLCipher.RSA_OAEP_11);
    public static final Set<String> ACCEPTED_CONTENT = Set.of(
            XMLCipher.AES_256, XMLCipher.AES_128_GCM, XMLCipher.AES_256_GCM);

    private EncryptionAlgorithms() {
    }
}
