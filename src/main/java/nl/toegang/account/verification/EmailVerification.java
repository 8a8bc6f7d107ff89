package nl.toegang.account.verification;

import java.time.Instant;
import java.util.Optional;

/**
 * A pending or finished proof of control of an email address. Holds hashes only, never the code or link. A
 * registration carries the {@link Registrant}'s credentials, applied only when this verification completes.
 */
public record EmailVerification(
        String id,
        String realm,
        String accountId,
        String email,
        Purpose purpose,
        String codeHash,
        String linkHash,
        Instant codeExpiresAt,
        Instant linkExpiresAt,
        int attempts,
        Instant createdAt,
        Optional<Instant> usedAt,
        Optional<Registrant> registrant) {

    /** Why the address is being verified. */
    public enum Purpose { REGISTRATION, EMAIL_CHANGE }

    @Override
    public String toString() {
        return "EmailVerification[id=" + id + ", purpose=" + purpose + "]";
    }
}
