package nl.toegang.realm;

import java.util.Optional;

/**
 * A client's {@code bsn:} block. The BSN is only released to a client marked eligible that asks for the {@code bsn}
 * scope, and (unless {@code encryptIdToken} is switched off) only inside an ID token encrypted to the client's key.
 *
 * @param eligible       the client has a legal basis to process the BSN
 * @param encryptIdToken wrap the ID token in a JWE (RSA-OAEP-256 + A256GCM) to the client's key; default true
 * @param jwks           the client's public encryption key(s), JWK Set JSON
 * @param jwksUri        or where the client publishes them
 */
public record BsnRelease(boolean eligible, boolean encryptIdToken, Optional<String> jwks, Optional<String> jwksUri) {
}
