package nl.toegang.account.verification;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Email verifications in the {@code email_verification} table. */
@Repository
public class JdbcEmailVerificationStore implements EmailVerificationStore {
    private static final String COLUMNS = "id, realm, account_id, email, purpose, code_hash, link_hash, "
            + "code_expires_at, link_expires_at, attempts, created_at, used_at, registrant_password_hash, registrant_name, "
            + "registrant_locale";

    /** A finished verification keeps no password hash: the one it carried is applied (read before) or void. */
    private static final String FORGET_REGISTRANT = "registrant_password_hash = NULL, registrant_name = NULL, "
            + "registrant_locale = NULL ";

    private final JdbcClient jdbc;

    public JdbcEmailVerificationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(EmailVerification v) {
        jdbc.sql("INSERT INTO email_verification (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(v.id(), v.realm(), v.accountId(), v.email(), v.purpose().name(), v.codeHash(), v.linkHash(),
                        Timestamp.from(v.codeExpiresAt()), Timestamp.from(v.linkExpiresAt()), v.attempts(),
                        Timestamp.from(v.createdAt()), v.usedAt().map(Timestamp::from).orElse(null),
                        v.registrant().map(Registrant::passwordHash).orElse(null),
                        v.registrant().map(Registrant::name).orElse(null),
                        v.registrant().map(Registrant::locale).orElse(null))
                .update();
    }

    @Override
    public Optional<EmailVerification> findById(String realm, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM email_verification WHERE realm = ? AND id = ?")
                .params(realm, id).query(JdbcEmailVerificationStore::map).optional();
    }

    @Override
    public Optional<EmailVerification> findByLinkHash(String linkHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM email_verification WHERE link_hash = ?")
                .param(linkHash).query(JdbcEmailVerificationStore::map).optional();
    }

    @Override
    public boolean countAttempt(String id, int maxAttempts) {
        return jdbc.sql("UPDATE email_verification SET attempts = attempts + 1 "
                        + "WHERE id = ? AND attempts < ? AND used_at IS NULL")
                .params(id, maxAttempts).update() == 1;
    }

    @Override
    public boolean consume(String id, Instant now) {
        return jdbc.sql("UPDATE email_verification SET used_at = ?, " + FORGET_REGISTRANT
                        + "WHERE id = ? AND used_at IS NULL")
                .params(Timestamp.from(now), id).update() == 1;
    }

    @Override
    public void supersede(String realm, String accountId, EmailVerification.Purpose purpose, Instant now) {
        jdbc.sql("UPDATE email_verification SET used_at = ?, " + FORGET_REGISTRANT
                        + "WHERE realm = ? AND account_id = ? AND purpose = ? AND used_at IS NULL")
                .params(Timestamp.from(now), realm, accountId, purpose.name()).update();
    }

    @Override
    public int endAllFor(String realm, String accountId, Instant now) {
        return jdbc.sql("UPDATE email_verification SET used_at = ?, " + FORGET_REGISTRANT
                        + "WHERE realm = ? AND account_id = ? AND used_at IS NULL")
                .params(Timestamp.from(now), realm, accountId).update();
    }

    private static EmailVerification map(ResultSet rs, int row) throws SQLException {
        return new EmailVerification(rs.getString("id"), rs.getString("realm"), rs.getString("account_id"),
                rs.getString("email"), EmailVerification.Purpose.valueOf(rs.getString("purpose")),
                rs.getString("code_hash"), rs.getString("link_hash"),
                rs.getTimestamp("code_expires_at").toInstant(), rs.getTimestamp("link_expires_at").toInstant(),
                rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("used_at")).map(Timestamp::toInstant), registrant(rs));
    }

    private static Optional<Registrant> registrant(ResultSet rs) throws SQLException {
        String hash = rs.getString("registrant_password_hash");
        return hash == null ? Optional.empty()
                : Optional.of(new Registrant(hash, rs.getString("registrant_name"), rs.getString("registrant_locale")));
    }
}
