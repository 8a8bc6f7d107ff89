package nl.toegang.mfa.recovery.jdbc;

import nl.toegang.mfa.recovery.RecoveryCodeRepository;
import nl.toegang.mfa.recovery.StoredRecoveryCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/** {@link RecoveryCodeRepository} on table {@code mfa_recovery_code} (see {@code V3__mfa.sql}). */
public final class JdbcRecoveryCodeRepository implements RecoveryCodeRepository {

    private static final String COLUMNS = "id, realm, account_id, lookup, code_hash, created_at, used_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public JdbcRecoveryCodeRepository(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    @Override
    public void replaceAll(String realm, String accountId, List<StoredRecoveryCode> codes) {
        tx.executeWithoutResult(status -> {
            deleteAll(realm, accountId);
            for (StoredRecoveryCode code : codes) {
                jdbc.sql("insert into mfa_recovery_code (" + COLUMNS + ") values "
                                + "(:id, :realm, :account, :lookup, :hash, :createdAt, null)")
                        .param("id", code.id())
                        .param("realm", realm)
                        .param("account", accountId)
                        .param("lookup", code.lookup())
                        .param("hash", code.codeHash())
                        .param("createdAt", timestamp(code.createdAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                        .update();
            }
        });
    }

    @Override
    public List<StoredRecoveryCode> findUnused(String realm, String accountId, String lookup) {
        return jdbc.sql("select " + COLUMNS + " from mfa_recovery_code where account_id = :account and realm = :realm "
                        + "and lookup = :lookup and used_at is null")
                .param("account", accountId)
                .param("realm", realm)
                .param("lookup", lookup)
                .query((rs, n) -> read(rs))
                .list();
    }

    @Override
    public boolean markUsed(String id, Instant usedAt) {
        return jdbc.sql("update mfa_recovery_code set used_at = :usedAt where id = :id and used_at is null")
                .param("usedAt", timestamp(usedAt), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("id", id)
                .update() == 1;
    }

    @Override
    public int countUnused(String realm, String accountId) {
        return jdbc.sql("select count(*) from mfa_recovery_code where account_id = :account and realm = :realm "
                        + "and used_at is null")
                .param("account", accountId)
                .param("realm", realm)
                .query(Integer.class)
                .single();
    }

    @Override
    public void deleteAll(String realm, String accountId) {
        jdbc.sql("delete from mfa_recovery_code where account_id = :account and realm = :realm")
                .param("account", accountId)
                .param("realm", realm)
                .update();
    }

    private static StoredRecoveryCode read(ResultSet rs) throws SQLException {
        return new StoredRecoveryCode(rs.getString("id"), rs.getString("realm"), rs.getString("account_id"),
                rs.getString("lookup"), rs.getString("code_hash"), instant(rs, "created_at"), instant(rs, "used_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
