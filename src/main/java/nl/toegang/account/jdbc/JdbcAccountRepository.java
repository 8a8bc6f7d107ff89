package nl.toegang.account.jdbc;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Accounts in the {@code account} table (H2 and PostgreSQL). */
@Repository
public class JdbcAccountRepository implements AccountRepository {
    private static final String COLUMNS = "id, realm, email, name, locale, email_verified, password_hash, enabled, "
            + "created_at, phone, sessions_not_before";

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcAccountRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Account> findByEmail(String realm, String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE realm = ? AND email_normalized = ?")
                .params(realm, AccountRepository.normalizeEmail(email))
                .query(JdbcAccountRepository::map)
                .optional();
    }

    @Override
    public Optional<Account> findById(String realm, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE realm = ? AND id = ?")
                .params(realm, id)
                .query(JdbcAccountRepository::map)
                .optional();
    }

    @Override
    public boolean insertIfAbsent(Account account) {
        try {
            Timestamp created = Timestamp.from(account.createdAt());
            jdbc.sql("INSERT INTO account (id, realm, email, email_normalized, name, locale, email_verified, "
                            + "password_hash, enabled, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
                    .params(account.id(), account.realm(), account.email(),
                            AccountRepository.normalizeEmail(account.email()), account.name(), account.locale(),
                            account.emailVerified(), account.passwordHash().orElse(null), account.enabled(),
                            created, created)
                    .update();
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    @Override
    public void updatePasswordHash(String realm, String id, String passwordHash) {
        jdbc.sql("UPDATE account SET password_hash = ?, updated_at = ? WHERE realm = ? AND id = ?")
                .params(passwordHash, Timestamp.from(clock.instant()), realm, id)
                .update();
    }

    @Override
    public void replacePassword(String realm, String id, String passwordHash, Instant now) {
        jdbc.sql("UPDATE account SET password_hash = ?, sessions_not_before = ?, updated_at = ? "
                        + "WHERE realm = ? AND id = ?")
                .params(passwordHash, Timestamp.from(now), Timestamp.from(now), realm, id)
                .update();
    }

    @Override
    public void endSessionsBefore(String realm, String id, Instant now) {
        jdbc.sql("UPDATE account SET sessions_not_before = ?, updated_at = ? WHERE realm = ? AND id = ?")
                .params(Timestamp.from(now), Timestamp.from(now), realm, id)
                .update();
    }

    @Override
    public boolean completeRegistration(String realm, String id, String passwordHash, String name, String locale,
                                        Instant now) {
        return jdbc.sql("UPDATE account SET password_hash = ?, name = ?, locale = ?, email_verified = ?, "
                        + "sessions_not_before = ?, updated_at = ? WHERE realm = ? AND id = ? AND email_verified = ?")
                .params(passwordHash, name, locale, true, Timestamp.from(now), Timestamp.from(now), realm, id, false)
                .update() == 1;
    }

    @Override
    public boolean deleteIfUnverified(String realm, String id) {
        return jdbc.sql("DELETE FROM account WHERE realm = ? AND id = ? AND email_verified = ?")
                .params(realm, id, false).update() == 1;
    }

    @Override
    public void updateProfile(String realm, String id, String name, String phone, String locale) {
        jdbc.sql("UPDATE account SET name = ?, phone = ?, locale = ?, updated_at = ? WHERE realm = ? AND id = ?")
                .params(name, phone, locale, Timestamp.from(clock.instant()), realm, id)
                .update();
    }

    @Override
    public boolean replaceEmail(String realm, String id, String newEmail) {
        try {
            return jdbc.sql("UPDATE account SET email = ?, email_normalized = ?, email_verified = ?, updated_at = ? "
                            + "WHERE realm = ? AND id = ?")
                    .params(newEmail, AccountRepository.normalizeEmail(newEmail), true,
                            Timestamp.from(clock.instant()), realm, id)
                    .update() == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    @Override
    public java.util.List<Account> search(String realm, String query, int page, int size) {
        String like = "%" + query.trim().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE realm = ? AND (email_normalized LIKE ? ESCAPE '\\' "
                        + "OR LOWER(name) LIKE ? ESCAPE '\\' OR id = ?) ORDER BY email_normalized LIMIT ? OFFSET ?")
                .params(realm, like, like, query.trim(), size, page * size)
                .query(JdbcAccountRepository::map)
                .list();
    }

    @Override
    public void setEnabled(String realm, String id, boolean enabled, Instant now) {
        jdbc.sql("UPDATE account SET enabled = ?, sessions_not_before = ?, updated_at = ? WHERE realm = ? AND id = ?")
                .params(enabled, Timestamp.from(now), Timestamp.from(now), realm, id)
                .update();
    }

    private static Account map(ResultSet rs, int row) throws SQLException {
        return new Account(
                rs.getString("id"),
                rs.getString("realm"),
                rs.getString("email"),
                rs.getString("name"),
                rs.getString("locale"),
                rs.getBoolean("email_verified"),
                Optional.ofNullable(rs.getString("password_hash")),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(rs.getString("phone")),
                Optional.ofNullable(rs.getTimestamp("sessions_not_before")).map(Timestamp::toInstant));
    }
}
