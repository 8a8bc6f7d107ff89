package nl.toegang.oidc;

import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;

/**
 * What the authorization store keeps instead of a token value: {@code hmac-sha256:} followed by the base64url
 * HMAC-SHA-256 of the value under a key derived from the master key. A copy of the database therefore holds no usable
 * code, access token, refresh token, ID token or {@code request_uri}, and without the master key the hashes cannot be
 * checked against guesses either. One key for every kind of token, so a lookup without a token type hint (introspection,
 * revocation) matches whichever column holds the value.
 */
public final class StoredTokenValues {
    static final String PREFIX = "hmac-sha256:";
    static final String PURPOSE = "oauth2-token-values";

    private final KeyedHash hash;

    public StoredTokenValues(KeyedHash hash) {
        this.hash = hash;
    }

    public static StoredTokenValues derivedFrom(MasterKey masterKey) {
        return new StoredTokenValues(KeyedHash.derivedFrom(masterKey, PURPOSE));
    }

    /**
     * The form to store: the hash of a token value, or the value unchanged when it already is a stored hash (a token
     * loaded from the store and saved again). Token values this server issues never start with the prefix.
     */
    public String stored(String value) {
        if (value == null || isHash(value)) {
            return value;
        }
        return lookupKey(value);
    }

    /** The stored form of a value a client presented; always hashed, so presenting a stored hash finds nothing. */
    public String lookupKey(String presented) {
        return PREFIX + hash.hash(presented);
    }

    static boolean isHash(String value) {
        return value.startsWith(PREFIX);
    }

    @Override
    public String toString() {
        return "StoredTokenValues[****]";
    }
}
