package nl.toegang.oidc;

import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;

/**
 * Pairwise {@code sub} for federated (DigiD) identities: HMAC-SHA-256, under a key derived from the master key, of
 * the client's sector identifier (realm and client id) and the federated identity id. Two clients get unrelated
 * values for the same resident, so they cannot correlate; the same client always gets the same value.
 */
public final class PairwiseSubject {
    private final KeyedHash hash;

    public PairwiseSubject(MasterKey masterKey) {
        this.hash = KeyedHash.derivedFrom(masterKey, "pairwise-sub");
    }

    public String of(String realm, String clientId, String federatedIdentityId) {
        return hash.hash(sectorIdentifier(realm, clientId) + "\n" + federatedIdentityId);
    }

    /** One sector per client: clients of one organisation are still kept apart. */
    static String sectorIdentifier(String realm, String clientId) {
        return realm + "/" + clientId;
    }
}
