package nl.toegang.account.reset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Reset tokens in the {@code password_reset} table; only keyed hashes of the tokens are stored. */
@Repository
public class PasswordResetStore {
    private final JdbcClient jdbc;

    public PasswordResetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A reset token that has not been used, with its account. */
    public record PendingReset(String id, String realm, String accountId, Instant expiresAt) {
    }

    /** Stores a new token and invalidates every older unused token of the account (the newest request wins). */
    public void replace(String id, String realm, String accountId, String tokenHash, Instant expiresAt, Instant now) {
        jdbc.sql("UPDATE password_reset SET used_at = ? WHERE realm = ? AND account_id = ? AND used_at IS NULL")
                .params(Timestamp.from(now), realm, accountId).update();
        jdbc.sql("INSERT INTO password_reset (id, realm, account_id, token_hash, expires_at, created_at) "
                        + "VALUES (?,?,?,?,?,?)")
                .params(id, realm, accountId, tokenHash, Timestamp.from(expiresAt), Timestamp.from(now)).update();
    }

    public Optional<PendingReset> findUsable(String realm, String tokenHash, Instant now) {
        return jdbc.sql("SELECT id, realm, account_id, expires_at FROM password_reset "
                        + "WHERE token_hash = ? AND realm = ? AND used_at IS NULL AND expires_at > ?")
                .params(tokenHash, realm, Timestamp.from(now))
                .query((rs, row) -> new PendingReset(rs.getString("id"), rs.getString("realm"),
                        rs.getString("account_id"), rs.getTimestamp("expires_at").toInstant()))
                .optional();
    }

    /** Ends every unused reset link of the account; returns how many. */
    public int endAllFor(String realm, String accountId, Instant now) {
        return jdbc.sql("UPDATE password_reset SET used_at = ? WHERE realm = ? AND account_id = ? AND used_at IS NULL")
                .params(Timestamp.from(now), realm, accountId).update();
    }

    /** Uses the token; true for exactly one caller. */
    public boolean consume(String id, Instant now) {
        return jdbc.sql("UPDATE password_reset SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?")
                .params(Timestamp.from(now), id, Timestamp.from(now)).update() == 1;
    }
}
