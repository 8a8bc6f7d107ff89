package nl.toegang.mfa.passkey.jdbc;

import nl.toegang.mfa.passkey.Passkey;
import nl.toegang.mfa.passkey.PasskeyRepository;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** {@link PasskeyRepository} on {@code mfa_passkey} and {@code mfa_passkey_user} (V6__passkeys.sql). */
public final class JdbcPasskeyRepository implements PasskeyRepository {
    private static final String COLUMNS = "id, realm, account_id, credential_id, public_key_cose, signature_count, "
            + "transports, aaguid, name, backup_eligible, backed_up, created_at, last_used_at";

    private final JdbcClient jdbc;
    private final SecureRandom random;

    public JdbcPasskeyRepository(JdbcClient jdbc, SecureRandom random) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public String userHandle(String realm, String accountId) {
        Optional<String> existing = existingUserHandle(realm, accountId);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] handle = new byte[64];
        random.nextBytes(handle);
        try {
            jdbc.sql("insert into mfa_passkey_user (realm, account_id, user_handle) values (:realm, :account, :handle)")
                    .param("realm", realm).param("account", accountId)
                    .param("handle", Base64.getUrlEncoder().withoutPadding().encodeToString(handle)).update();
        } catch (DuplicateKeyException raced) {
            // Another request created it first; use theirs.
        }
        return existingUserHandle(realm, accountId).orElseThrow();
    }

    @Override
    public Optional<String> existingUserHandle(String realm, String accountId) {
        return jdbc.sql("select user_handle from mfa_passkey_user where realm = :realm and account_id = :account")
                .param("realm", realm).param("account", accountId).query(String.class).optional();
    }

    @Override
    public Optional<Owner> ownerOfUserHandle(String userHandle) {
        return jdbc.sql("select realm, account_id from mfa_passkey_user where user_handle = :handle")
                .param("handle", userHandle)
                .query((rs, n) -> new Owner(rs.getString("realm"), rs.getString("account_id"))).optional();
    }

    @Override
    public boolean add(Passkey p) {
        try {
            jdbc.sql("insert into mfa_passkey (" + COLUMNS + ") values (:id, :realm, :account, :credential, :cose, "
                            + ":count, :transports, :aaguid, :name, :eligible, :backedUp, :createdAt, null)")
                    .param("id", p.id()).param("realm", p.realm()).param("account", p.accountId())
                    .param("credential", p.credentialId()).param("cose", p.publicKeyCose())
                    .param("count", p.signatureCount()).param("transports", String.join(",", p.transports()))
                    .param("aaguid", p.aaguid()).param("name", p.name())
                    .param("eligible", p.backupEligible()).param("backedUp", p.backedUp())
                    .param("createdAt", timestamp(p.createdAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .update();
            return true;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    @Override
    public List<Passkey> forAccount(String realm, String accountId) {
        return jdbc.sql("select " + COLUMNS + " from mfa_passkey where realm = :realm and account_id = :account "
                        + "order by created_at, id")
                .param("realm", realm).param("account", accountId).query(JdbcPasskeyRepository::map).list();
    }

    @Override
    public Optional<Passkey> byCredentialId(String credentialId) {
        return jdbc.sql("select " + COLUMNS + " from mfa_passkey where credential_id = :credential")
                .param("credential", credentialId).query(JdbcPasskeyRepository::map).optional();
    }

    @Override
    public void recordUse(String credentialId, long signatureCount, boolean backedUp, Instant usedAt) {
        jdbc.sql("update mfa_passkey set signature_count = :count, backed_up = :backedUp, last_used_at = :usedAt "
                        + "where credential_id = :credential")
                .param("count", signatureCount).param("backedUp", backedUp)
                .param("usedAt", timestamp(usedAt), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("credential", credentialId).update();
    }

    @Override
    public boolean rename(String realm, String accountId, String id, String name) {
        return jdbc.sql("update mfa_passkey set name = :name where realm = :realm and account_id = :account and id = :id")
                .param("name", name).param("realm", realm).param("account", accountId).param("id", id)
                .update() == 1;
    }

    @Override
    public boolean delete(String realm, String accountId, String id) {
        return jdbc.sql("delete from mfa_passkey where realm = :realm and account_id = :account and id = :id")
                .param("realm", realm).param("account", accountId).param("id", id).update() == 1;
    }

    @Override
    public int count(String realm, String accountId) {
        return jdbc.sql("select count(*) from mfa_passkey where realm = :realm and account_id = :account")
                .param("realm", realm).param("account", accountId).query(Integer.class).single();
    }

    private static Passkey map(ResultSet rs, int row) throws SQLException {
        String transports = rs.getString("transports");
        Set<String> set = transports.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(transports.split(",")));
        OffsetDateTime lastUsed = rs.getObject("last_used_at", OffsetDateTime.class);
        return new Passkey(rs.getString("id"), rs.getString("realm"), rs.getString("account_id"),
                rs.getString("credential_id"), rs.getString("public_key_cose"), rs.getLong("signature_count"), set,
                rs.getString("aaguid"), rs.getString("name"), rs.getBoolean("backup_eligible"),
                rs.getBoolean("backed_up"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(lastUsed).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
