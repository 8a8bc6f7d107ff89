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
        Instant createdAt,
        Optional<String> phone,
        Optional<Instant> sessionsNotBefore) {

    /** A new, enabled account with no phone number and no session cut-off. */
    public static Account create(String id, String realm, String email, String name, String locale,
                                 boolean emailVerified, String passwordHash, Instant createdAt) {
        return new Account(id, realm, email, name, locale, emailVerified, Optional.ofNullable(passwordHash), true,
                createdAt, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", realm=" + realm + "]";
    }
}
