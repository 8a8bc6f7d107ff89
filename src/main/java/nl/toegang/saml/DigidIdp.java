package nl.toegang.saml;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The IdP as pinned by configuration (metadata file or the built-in mock); message KeyInfo is never trusted.
 *
 * @param tlsTrust the IdP's TLS server certificate to trust on the back channel; empty = the JDK trust store
 * @param ssoUrl the IdP's HTTP-Redirect SingleSignOnService
 * @param singleLogoutUrl the IdP's HTTP-POST SingleLogoutService; empty when the metadata names none
 * @param ssoPostUrl the IdP's HTTP-POST SingleSignOnService; empty when the metadata names none
 */
public record DigidIdp(String entityId, String ssoUrl, String artifactResolutionUrl, List<PublicKey> signingKeys,
                       Optional<X509Certificate> tlsTrust, Optional<String> singleLogoutUrl,
                       Optional<String> ssoPostUrl) {
    public DigidIdp {
        signingKeys = List.copyOf(signingKeys);
    }

    public DigidIdp(String entityId, String ssoUrl, String artifactResolutionUrl, List<PublicKey> signingKeys,
                    Optional<X509Certificate> tlsTrust) {
        this(entityId, ssoUrl, artifactResolutionUrl, signingKeys, tlsTrust, Optional.empty(), Optional.empty());
    }
}
