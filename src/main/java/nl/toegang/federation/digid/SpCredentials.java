package nl.toegang.federation.digid;

import nl.toegang.saml.crypto.SigningCredential;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Our keys toward the IdP: {@code signing} signs AuthnRequests, ArtifactResolves and metadata; the TLS key and
 * chain authenticate the back channel. toString never shows key material.
 */
public record SpCredentials(SigningCredential signing, PrivateKey tlsKey, List<X509Certificate> tlsChain) {
    public SpCredentials {
        tlsChain = List.copyOf(tlsChain);
    }

    @Override
    public String toString() {
        return "SpCredentials[" + signing + "]";
    }
}
