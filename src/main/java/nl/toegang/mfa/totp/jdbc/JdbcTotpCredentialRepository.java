package nl.toegang.mfa.totp.jdbc;

import nl.toegang.crypto.MasterKey;
import nl.toegang.mfa.MfaIds;
import nl.toegang.mfa.totp.HmacAlgorithm;
import nl.toegang.mfa.totp.TotpCredential;
import nl.toegang.mfa.totp.TotpCredentialRepository;
import nl.toegang.mfa.totp.TotpParameters;
import nl.toegang.mfa.totp.TotpSecret;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TotpCredentialRepository} on tables {@code mfa_totp} (confirmed) and {@code mfa_totp_pending} (see
 * {@code V3__mfa.sql}). Keys are encrypted with the master key under context {@code "totp:" + realm + ":" +
 * accountId}, so a ciphertext copied to another account's row does not decrypt.
 */
public final class JdbcTotpCredentialRepository implements TotpCredentialRepository {

    private static final String PENDING_COLUMNS = "account_id, realm, secret_encrypted, algorithm, digits, period, "
            + "created_at";
    private static final String CONFIRMED_COLUMNS = PENDING_COLUMNS + ", confirmed_at, last_used_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final MasterKey masterKey;

    public JdbcTotpCredentialRepository(JdbcClient jdbc, TransactionTemplate tx, MasterKey masterKey) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
    }

    @Override
    public void savePending(TotpCredential pending) {
        Objects.requireNonNull(pending, "pending");
        try {
            replacePending(pending);
        } catch (DuplicateKeyException concurrentBegin) {
            // Another enrolment for this account inserted between our delete and insert; the later one wins.
            replacePending(pending);
        }
    }

    private void replacePending(TotpCredential pending) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("delete from mfa_totp_pending where account_id = :account")
                    .param("account", pending.accountId()).update();
            jdbc.sql("insert into mfa_totp_pending (" + PENDING_COLUMNS + ") values "
                            + "(:account, :realm, :secret, :algorithm, :digits, :period, :createdAt)")
                    .param("account", pending.accountId())
                    .param("realm", pending.realm())
                    .param("secret", encrypt(pending.realm(), pending.accountId(), pending.secret()))
                    .param("algorithm", pending.parameters().algorithm().name())
                    .param("digits", pending.parameters().digits())
                    .param("period", (int) pending.parameters().periodSeconds())
                    .param("createdAt", timestamp(pending.createdAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .update();
        });
    }

    @Override
    public Optional<TotpCredential> findPending(String realm, String accountId) {
        return jdbc.sql("select " + PENDING_COLUMNS + " from mfa_totp_pending where account_id = :account and realm = :realm")
                .param("account", MfaIds.requireAccountId(accountId))
                .param("realm", MfaIds.requireRealm(realm))
                .query((rs, n) -> read(rs, false))
                .optional();
    }

    @Override
    public Optional<TotpCredential> findConfirmed(String realm, String accountId) {
        return jdbc.sql("select " + CONFIRMED_COLUMNS + " from mfa_totp "
                        + "where account_id = :account and realm = :realm and confirmed = true")
                .param("account", MfaIds.requireAccountId(accountId))
                .param("realm", MfaIds.requireRealm(realm))
                .query((rs, n) -> read(rs, true))
                .optional();
    }

    @Override
    public boolean confirmPending(String realm, String accountId, TotpSecret expected, Instant confirmedAt) {
        MfaIds.requireRealm(realm);
        MfaIds.requireAccountId(accountId);
        Objects.requireNonNull(expected, "expected");
        Boolean confirmed = tx.execute(status -> {
            // The row lock makes concurrent confirmations (and a concurrent re-begin) take turns.
            Optional<TotpCredential> pending = jdbc.sql("select " + PENDING_COLUMNS + " from mfa_totp_pending "
                            + "where account_id = :account and realm = :realm for update")
                    .param("account", accountId)
                    .param("realm", realm)
                    .query((rs, n) -> read(rs, false))
                    .optional();
            if (pending.isEmpty() || !pending.get().secret().equals(expected)) {
                return false;
            }
            TotpCredential p = pending.get();
            jdbc.sql("delete from mfa_totp where account_id = :account").param("account", accountId).update();
            jdbc.sql("insert into mfa_totp (" + PENDING_COLUMNS + ", confirmed, confirmed_at, last_used_at) values "
                            + "(:account, :realm, :secret, :algorithm, :digits, :period, :createdAt, true, :confirmedAt, null)")
                    .param("account", accountId)
                    .param("realm", realm)
                    .param("secret", encrypt(realm, accountId, p.secret()))
                    .param("algorithm", p.parameters().algorithm().name())
                    .param("digits", p.parameters().digits())
                    .param("period", (int) p.parameters().periodSeconds())
                    .param("createdAt", timestamp(p.createdAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("confirmedAt", timestamp(confirmedAt), Types.TIMESTAMP_WITH_TIMEZONE)
                    .update();
            jdbc.sql("delete from mfa_totp_pending where account_id = :account").param("account", accountId).update();
            return true;
        });
        return Boolean.TRUE.equals(confirmed);
    }

    @Override
    public void recordUse(String realm, String accountId, Instant usedAt) {
        jdbc.sql("update mfa_totp set last_used_at = :usedAt where account_id = :account and realm = :realm")
                .param("usedAt", timestamp(usedAt), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("account", MfaIds.requireAccountId(accountId))
                .param("realm", MfaIds.requireRealm(realm))
                .update();
    }

    @Override
    public void delete(String realm, String accountId) {
        MfaIds.requireRealm(realm);
        MfaIds.requireAccountId(accountId);
        tx.executeWithoutResult(status -> {
            jdbc.sql("delete from mfa_totp where account_id = :account and realm = :realm")
                    .param("account", accountId).param("realm", realm).update();
            jdbc.sql("delete from mfa_totp_pending where account_id = :account and realm = :realm")
                    .param("account", accountId).param("realm", realm).update();
        });
    }

    private TotpCredential read(ResultSet rs, boolean confirmedTable) throws SQLException {
        String realm = rs.getString("realm");
        String accountId = rs.getString("account_id");
        TotpParameters parameters = new TotpParameters(HmacAlgorithm.valueOf(rs.getString("algorithm")),
                rs.getInt("digits"), Duration.ofSeconds(rs.getInt("period")));
        TotpSecret secret = decrypt(realm, accountId, rs.getString("secret_encrypted"));
        return new TotpCredential(realm, accountId, secret, parameters, instant(rs, "created_at"),
                confirmedTable ? instant(rs, "confirmed_at") : null,
                confirmedTable ? instant(rs, "last_used_at") : null);
    }

    private String encrypt(String realm, String accountId, TotpSecret secret) {
        byte[] plain = secret.bytes();
        try {
            return Base64.getEncoder().encodeToString(masterKey.encrypt(plain, context(realm, accountId)));
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    private TotpSecret decrypt(String realm, String accountId, String encrypted) {
        byte[] plain = masterKey.decrypt(Base64.getDecoder().decode(encrypted.getBytes(StandardCharsets.US_ASCII)),
                context(realm, accountId));
        try {
            return TotpSecret.of(plain);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /** AES-GCM associated data: binds the ciphertext to its realm and account. */
    static String context(String realm, String accountId) {
        return "totp:" + realm + ":" + accountId;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
