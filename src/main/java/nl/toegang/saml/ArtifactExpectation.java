package nl.toegang.saml;

import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * What this one artifact resolution must look like: the IDs we issued, our own addresses and the IdP's pinned keys.
 *
 * @param artifactResolveId the ID of the ArtifactResolve we just sent (ArtifactResponse/@InResponseTo)
 * @param authnRequestId    the ID of the AuthnRequest this browser session started (Response and
 *                          SubjectConfirmationData InResponseTo)
 * @param spEntityId        our entityID (Audience, EncryptedKey Recipient)
 * @param acsUrl            our assertion consumer service URL (Response Destination, Recipient)
 * @param idpEntityId       the IdP's entityID (every Issuer)
 * @param idpSigningKeys    the IdP's signing keys from metadata; KeyInfo in messages is ignored
 * @param minimumLevel      the level we requested with Comparison="minimum"
 * @param acceptedSector    sector code we accept, e.g. {@value #SECTOR_BSN}
 */
public record ArtifactExpectation(String artifactResolveId, String authnRequestId, String spEntityId, String acsUrl,
                                  String idpEntityId, List<PublicKey> idpSigningKeys, DigidLevel minimumLevel,
                                  String acceptedSector) {
    public static final String SECTOR_BSN = "s00000000";

    public ArtifactExpectation {
        Objects.requireNonNull(artifactResolveId, "artifactResolveId");
        Objects.requireNonNull(authnRequestId, "authnRequestId");
        Objects.requireNonNull(spEntityId, "spEntityId");
        Objects.requireNonNull(acsUrl, "acsUrl");
        Objects.requireNonNull(idpEntityId, "idpEntityId");
        Objects.requireNonNull(minimumLevel, "minimumLevel");
        Objects.requireNonNull(acceptedSector, "acceptedSector");
        idpSigningKeys = List.copyOf(idpSigningKeys);
        if (idpSigningKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one pinned IdP signing key is required");
        }
    }

    Addressing addressing() {
        return new Addressing(authnRequestId, spEntityId, acsUrl, idpEntityId, idpSigningKeys);
    }
}
