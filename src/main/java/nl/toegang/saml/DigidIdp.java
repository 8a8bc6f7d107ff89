package nl.toegang.saml;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The IdP as pinned by configuration (metadata file or the built-in mock); message KeyInfo is never trusted.
 *
 * @param tlsTrust the certificates trusted for the IdP's TLS endpoints on the back channel (trust anchors of its chain,
 *                 or the pinned server certificate itself); nothing else is trusted for that connection. Empty: the
 *                 JDK trust store
 * @param ssoUrl the IdP's HTTP-Redirect SingleSignOnService
 * @param singleLogoutUrl the IdP's HTTP-POST SingleLogoutService; empty when the metadata names none
 * @param ssoPostUrl the IdP's HTTP-POST SingleSignOnService; empty when the metadata names none
 */
public record DigidIdp(String entityId, String ssoUrl, String artifactResolutionUrl, List<PublicKey> signingKeys,
                       List<X509Certificate> tlsTrust, Optional<String> singleLogoutUrl,
                       Optional<String> ssoPostUrl) {
    public DigidIdp {
        signingKeys = List.copyOf(signingKeys);
        tlsTrust = List.copyOf(tlsTrust);
    }

    public DigidIdp(String entityId, String ssoUrl, String artifactResolutionUrl, List<PublicKey> signingKeys,
                    List<X509Certificate> tlsTrust) {
        this(entityId, ssoUrl, artifactResolutionUrl, signingKeys, tlsTrust, Optional.empty(), Optional.empty());
    }

    /** This IdP with the back channel trusting exactly {@code certificates} (from the realm's {@code idpTlsTrust}). */
    public DigidIdp withTlsTrust(List<X509Certificate> certificates) {
        return new DigidIdp(entityId, ssoUrl, artifactResolutionUrl, signingKeys, certificates, singleLogoutUrl,
                ssoPostUrl);
    }
}
