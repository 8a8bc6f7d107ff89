package nl.toegang.oidc;

import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;

/**
 * Pairwise {@code sub} values (OIDC Core §8.1): HMAC-SHA-256, under a key derived from the master key, of the realm,
 * the client's sector and the local identity id (account or federated identity). Clients of different sectors get
 * unrelated values for the same person, so they cannot correlate; all clients of one sector get the same value.
 */
public final class PairwiseSubject {
    private final KeyedHash hash;

    public PairwiseSubject(MasterKey masterKey) {
        this.hash = KeyedHash.derivedFrom(masterKey, "pairwise-sub");
    }

    public String of(String realm, String sector, String localId) {
        return hash.hash(realm + "/" + sector + "\n" + localId);
    }
}
