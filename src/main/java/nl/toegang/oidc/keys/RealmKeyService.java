package nl.toegang.oidc.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.time.Duration;

/**
 * Signing keys of each realm, persisted in the database with private parts encrypted under the master key.
 * Every node reads the same keys, so any node can sign and every node publishes the same JWKS.
 *
 * <p>Life cycle of a key: NEXT (published, not yet signing) → ACTIVE (signs) → RETIRED (still published until
 * every token it signed has expired) → gone from JWKS. Keeping a pre-published NEXT key means a rotation can switch
 * signing at once while relying parties that cache JWKS already know the new key.
 */
public interface RealmKeyService {

    /**
     * Makes sure the realm has an ACTIVE key of {@code algorithm} and a NEXT key. Idempotent and safe when several
     * nodes start at once. When the ACTIVE key has another algorithm (the realm file changed), rotates to a new key
     * of the configured algorithm; the old key stays published for {@code retention}.
     */
    void ensureKeys(String realm, String algorithm, Duration retention);

    /** The private JWK that signs for this realm now (with {@code kid} and {@code alg}). */
    JWK signingKey(String realm);

    /** Public keys to publish: ACTIVE, NEXT and RETIRED keys whose retention has not yet passed. */
    JWKSet publishedKeys(String realm);

    /**
     * Rotates: NEXT becomes ACTIVE, the old ACTIVE becomes RETIRED and stays published for {@code retention},
     * a fresh NEXT is generated. Returns the kid that signs from now on.
     */
    String rotate(String realm, String algorithm, Duration retention);

    /** Rotates when the ACTIVE key is older than {@code interval}. Returns true when it rotated. */
    boolean rotateIfOlderThan(String realm, String algorithm, Duration interval, Duration retention);
}
