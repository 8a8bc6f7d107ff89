package nl.toegang.saml;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A generic SAML 2.0 IdP as its metadata describes it (an upstream of the realm file): what we pin (entityID and
 * signing keys) and where its services are, each only when the metadata names it in that binding (single logout:
 * {@code sloRedirect} and {@code sloPost}, the IdP's SingleLogoutService in HTTP-Redirect and HTTP-POST), and how
 * long the metadata may be used: {@code validUntil} (the earliest of the EntityDescriptor's and the
 * IDPSSODescriptor's) and {@code cacheDuration} (likewise the shortest).
 */
public record UpstreamIdp(String entityId, List<PublicKey> signingKeys, Optional<String> ssoRedirect,
                          Optional<String> ssoPost, Optional<String> artifactResolution,
                          Optional<String> sloRedirect, Optional<String> sloPost, Optional<Instant> validUntil,
                          Optional<Duration> cacheDuration) {
    public UpstreamIdp {
        signingKeys = List.copyOf(signingKeys);
    }

    /** Metadata without validUntil never expires by itself (SAML Metadata §2.2.1). */
    public boolean expiredAt(Instant now) {
        return validUntil.map(until -> !now.isBefore(until)).orElse(false);
    }

    /** The shape the artifact resolution client takes, trusting exactly {@code tlsTrust} (empty: the JDK's). */
    public DigidIdp forArtifactResolution(List<X509Certificate> tlsTrust) {
        return new DigidIdp(entityId, ssoRedirect.or(() -> ssoPost).orElse(""),
                artifactResolution.orElseThrow(), signingKeys, tlsTrust);
    }
}
