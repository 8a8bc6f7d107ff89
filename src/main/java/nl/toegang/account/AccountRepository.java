package nl.toegang.account;

import java.util.Optional;

/** Durable storage of accounts. Email lookups are case-insensitive within one realm. */
public interface AccountRepository {

    Optional<Account> findByEmail(String realm, String email);

    Optional<Account> findById(String realm, String id);

    /** Inserts the account; returns false (and changes nothing) when the realm already has that email address. */
    boolean insertIfAbsent(Account account);

    void updatePasswordHash(String realm, String id, String passwordHash);

    /** Sets a new password and ends every session that was authenticated before {@code now}. */
    void replacePassword(String realm, String id, String passwordHash, java.time.Instant now);

    /** Sessions authenticated before {@code now} are no longer valid. */
    void endSessionsBefore(String realm, String id, java.time.Instant now);

    /**
     * Gives a still unverified account the credentials of the person who just proved its address, marks it verified
     * and ends every session authenticated before {@code now}. One conditional update: false (and nothing changed)
     * when the account is gone or already verified, so at most one proof ever takes an address over.
     */
    boolean completeRegistration(String realm, String id, String passwordHash, String name, String locale,
                                 java.time.Instant now);

    /**
     * Removes an account that never proved its address, for when someone else just proved it (an email change onto
     * that address). False, and nothing removed, when the account is verified or gone.
     */
    boolean deleteIfUnverified(String realm, String id);

    void updateProfile(String realm, String id, String name, String phone, String locale);

    /** Replaces the (verified) email address; false when another account of the realm already has it. */
    boolean replaceEmail(String realm, String id, String newEmail);

    /** Accounts whose email, name or id contains {@code query} (case-insensitive), ordered by email; paged. */
    java.util.List<Account> search(String realm, String query, int page, int size);

    void setEnabled(String realm, String id, boolean enabled, java.time.Instant now);

    /**
     * The JDBC store ({@code account} table), for operator commands that run without the server's context (the
     * Keycloak import); the server itself gets it as a bean.
     */
    static AccountRepository jdbc(org.springframework.jdbc.core.simple.JdbcClient jdbc, java.time.Clock clock) {
        return new nl.toegang.account.jdbc.JdbcAccountRepository(jdbc, clock);
    }

    /** Lower-cases and trims an email address so lookups and the uniqueness rule agree. */
    static String normalizeEmail(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
