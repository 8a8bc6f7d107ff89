package nl.toegang.oidc.keys;

import java.time.Instant;

/** One row of {@code signing_key}. The private part stays encrypted until it is needed for signing. */
record StoredKey(
        String kid,
        String realm,
        String algorithm,
        KeyState state,
        String publicJwk,
        String privateKeyEncrypted,
        Instant createdAt,
        Instant activatedAt,
        Instant retiredAt,
        Instant unpublishAfter) {

    @Override
    public String toString() { // the encrypted private key is harmless, but keeps logs short
        return "StoredKey[kid=" + kid + ", realm=" + realm + ", algorithm=" + algorithm + ", state=" + state + "]";
    }
}
