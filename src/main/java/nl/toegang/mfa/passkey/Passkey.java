package nl.toegang.mfa.passkey;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A registered passkey. Binary values are base64url; the public key is public, so nothing here is secret.
 *
 * @param id             Toegang's own id (used in account-page URLs), not the credential id
 * @param credentialId   WebAuthn credential id
 * @param publicKeyCose  COSE-encoded public key
 * @param signatureCount last signature counter seen; 0 for authenticators that do not count
 * @param transports     hints such as {@code internal}, {@code usb}, {@code hybrid}
 * @param aaguid         authenticator model (all zeros with attestation "none" on many platforms)
 * @param name           what the user called it
 */
public record Passkey(String id, String realm, String accountId, String credentialId, String publicKeyCose,
                      long signatureCount, Set<String> transports, String aaguid, String name,
                      boolean backupEligible, boolean backedUp, Instant createdAt, Optional<Instant> lastUsedAt) {
    public Passkey {
        transports = Set.copyOf(transports);
    }
}
