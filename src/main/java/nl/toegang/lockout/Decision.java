package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import java.time.Duration;
import java.time.Instant;

/**
 * What the login endpoint may do with an attempt. Only {@link Allowed} lets the caller verify the credential; for
 * every other outcome it must not verify (no hash computed, nothing counted) and should answer with the same generic
 * message as a wrong password (OWASP: do not reveal lockout), except that it may tell the browser when to retry.
 */
public sealed interface Decision {

    Allowed ALLOWED = new Allowed();

    default boolean allowed() {
        return this instanceof Allowed;
    }

    /** Verify the credential. */
    record Allowed() implements Decision {
    }

    /**
     * Refuse for now; a new attempt is allowed once {@code retryIn} has passed (growing delays after the free failures,
     * or the realm-wide spike slowdown for untrusted browsers).
     */
    record Delayed(Duration retryIn) implements Decision {
    }

    /** Temporary lockout of this budget until {@code until}. */
    record TemporarilyLocked(Instant until) implements Decision {
    }

    /**
     * The authenticator reached {@link LockoutPolicy#permanentDisableAt()} consecutive failures in this budget and
     * is disabled for it until a password reset (or authenticator re-binding) or a support unlock. Other ways in,
     * such as reset and passkeys, stay usable.
     */
    record PasswordDisabled() implements Decision {
    }

    /** Too many failures or too many distinct accounts from this IP (IPv6: /64) in the sliding window. */
    record IpBlocked(Instant retryAfter) implements Decision {
    }
}
