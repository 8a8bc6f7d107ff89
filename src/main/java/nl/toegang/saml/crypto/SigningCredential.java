package nl.toegang.saml.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Our RSA signing key with its certificate (the certificate is only published in KeyInfo as a courtesy; receivers
 * must use metadata).
 */
public record SigningCredential(PrivateKey privateKey, X509Certificate certificate) {
    public SigningCredential {
        Objects.requireNonNull(privateKey, "privateKey");
        if (!"RSA".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("DigiD requires RSA signing keys");
        }
    }

    @Override
    public String toString() {
        return "SigningCredential[" + (certificate == null ? "no certificate"
                : certificate.getSubjectX500Principal().getName()) + "]";
    }
}
