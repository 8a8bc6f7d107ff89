package nl.toegang.account;

import java.util.Optional;

/** Durable storage of accounts. Email lookups are case-insensitive within one realm. */
public interface AccountRepository {

    Optional<Account> findByEmail(String realm, String email);

    Optional<Account> findById(String realm, String id);

    /** Inserts the account; returns false (and changes nothing) when the realm already has that email address. */
    boolean insertIfAbsent(Account account);

    void updatePasswordHash(String realm, String id, String passwordHash);

    /** Lower-cases and trims an email address so lookups and the uniqueness rule agree. */
    static String normalizeEmail(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
