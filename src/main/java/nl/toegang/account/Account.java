package nl.toegang.account;

import java.time.Instant;
import java.util.Optional;

/**
 * An email account in one realm. The id is the stable subject identifier; the email address can change.
 * The password hash is carried as an opaque PHC string and never printed.
 */
public record Account(
        String id,
        String realm,
        String email,
        String name,
        String locale,
        boolean emailVerified,
        Optional<String> passwordHash,
        boolean enabled,
        Instant createdAt) {

    @Override
    public String toString() {
        return "Account[id=" + id + ", realm=" + realm + "]";
    }
}
