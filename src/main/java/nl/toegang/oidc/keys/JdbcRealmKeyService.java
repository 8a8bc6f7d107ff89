package nl.toegang.oidc.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import nl.toegang.crypto.DecryptionException;
import nl.toegang.crypto.MasterKey;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link RealmKeyService} on the {@code signing_key} table (migration V2).
 *
 * <p>Every change to a realm's keys runs in one transaction holding that realm's row lock in {@code realm_key_lock},
 * so nodes starting or rotating at once serialise, and a realm never loses its ACTIVE key halfway. This relies on
 * READ COMMITTED (the default of H2 and PostgreSQL): after the lock is granted, the next statements see what the
 * previous holder committed. Do not call these methods inside a caller's transaction at a stricter isolation level.
 *
 * <p>Reads are cached per realm for {@code cacheTtl}; changes made through this instance invalidate its cache at once,
 * other nodes see them within {@code cacheTtl}.
 */
public final class JdbcRealmKeyService implements RealmKeyService {

    private static final String COLUMNS = "id, realm, algorithm, state, public_jwk, private_key_encrypted, "
            + "created_at, activated_at, retired_at, unpublish_after";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate lockRowTx;
    private final MasterKey masterKey;
    private final Clock clock;
    private final SigningKeyGenerator generator = new SigningKeyGenerator();
    private final RealmCache<JWK> signingKeys;
    private final RealmCache<JWKSet> publishedKeys;

    public JdbcRealmKeyService(JdbcClient jdbc, TransactionTemplate tx, MasterKey masterKey, Clock clock,
                               Duration cacheTtl) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The lock row is inserted in its own transaction: a duplicate-key error aborts a PostgreSQL transaction,
        // so losing that race must not happen inside the transaction that does the real work.
        this.lockRowTx = new TransactionTemplate(Objects.requireNonNull(tx.getTransactionManager(),
                "tx must have a transaction manager"));
        this.lockRowTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.signingKeys = new RealmCache<>(cacheTtl, clock);
        this.publishedKeys = new RealmCache<>(cacheTtl, clock);
    }

    @Override
    public void ensureKeys(String realm, String algorithm, Duration retention) {
        requireRealm(realm);
        SigningKeyGenerator.requireSupported(algorithm);
        requireNonNegative(retention, "retention");
        inRealmLock(realm, () -> {
            CurrentKeys current = currentKeys(realm);
            Instant now = clock.instant();
            if (current.active() == null || !current.active().algorithm().equals(algorithm)) {
                rotateLocked(realm, algorithm, retention, current, now);
            } else if (current.next() == null) {
                insert(realm, generator.generate(algorithm), KeyState.NEXT, now);
            } else if (!current.next().algorithm().equals(algorithm)) {
                replaceNext(realm, algorithm, current.next(), now);
            }
            return null;
        });
    }

    @Override
    public String rotate(String realm, String algorithm, Duration retention) {
        requireRealm(realm);
        SigningKeyGenerator.requireSupported(algorithm);
        requireNonNegative(retention, "retention");
        return inRealmLock(realm,
                () -> rotateLocked(realm, algorithm, retention, currentKeys(realm), clock.instant()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The age check runs under the realm lock, so when several nodes run this at once only one rotates. A realm
     * without keys gets its first keys (not counted as a rotation); an ACTIVE key of another algorithm is rotated.
     */
    @Override
    public boolean rotateIfOlderThan(String realm, String algorithm, Duration interval, Duration retention) {
        requireRealm(realm);
        SigningKeyGenerator.requireSupported(algorithm);
        requireNonNegative(interval, "interval");
        requireNonNegative(retention, "retention");
        return inRealmLock(realm, () -> {
            CurrentKeys current = currentKeys(realm);
            Instant now = clock.instant();
            StoredKey active = current.active();
            if (active == null) {
                rotateLocked(realm, algorithm, retention, current, now);
                return false;
            }
            Instant since = active.activatedAt() != null ? active.activatedAt() : active.createdAt();
            if (now.isBefore(since.plus(interval)) && active.algorithm().equals(algorithm)) {
                return false;
            }
            rotateLocked(realm, algorithm, retention, current, now);
            return true;
        });
    }

    @Override
    public JWK signingKey(String realm) {
        requireRealm(realm);
        return signingKeys.get(realm, () -> {
            StoredKey active = jdbc.sql("select " + COLUMNS + " from signing_key where realm = :realm and state = 'ACTIVE'")
                    .param("realm", realm)
                    .query(JdbcRealmKeyService::mapRow)
                    .list().stream()
                    .max(Comparator.comparing(StoredKey::activatedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .orElseThrow(() -> new IllegalStateException(
                            "realm '" + realm + "' has no ACTIVE signing key; ensureKeys has not run for it"));
            return decryptPrivate(active);
        });
    }

    @Override
    public JWKSet publishedKeys(String realm) {
        requireRealm(realm);
        return publishedKeys.get(realm, () -> {
            List<StoredKey> rows = jdbc.sql("select " + COLUMNS + " from signing_key where realm = :realm"
                            + " and (state in ('ACTIVE', 'NEXT') or (state = 'RETIRED' and unpublish_after > :now))")
                    .param("realm", realm)
                    .param("now", timestamp(clock.instant()), Types.TIMESTAMP_WITH_TIMEZONE)
                    .query(JdbcRealmKeyService::mapRow)
                    .list();
            // ACTIVE first, then NEXT, then RETIRED newest first: some clients simply try the first key.
            List<JWK> keys = rows.stream()
                    .sorted(Comparator.comparing(StoredKey::state, Comparator.comparingInt(JdbcRealmKeyService::publishOrder))
                            .thenComparing(StoredKey::createdAt, Comparator.reverseOrder()))
                    .map(JdbcRealmKeyService::parsePublic)
                    .toList();
            return new JWKSet(keys);
        });
    }

    /**
     * Deletes RETIRED keys whose retention has passed (they are no longer published anyway).
     *
     * @return how many keys were deleted
     */
    public int purgeExpired() {
        int deleted = jdbc.sql("delete from signing_key where state = 'RETIRED' and unpublish_after <= :now")
                .param("now", timestamp(clock.instant()), Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
        signingKeys.invalidateAll();
        publishedKeys.invalidateAll();
        return deleted;
    }

    // ---- changes, always under the realm lock ----

    private record CurrentKeys(StoredKey active, StoredKey next) {
    }

    private CurrentKeys currentKeys(String realm) {
        List<StoredKey> rows = jdbc.sql("select " + COLUMNS + " from signing_key"
                        + " where realm = :realm and state in ('ACTIVE', 'NEXT')")
                .param("realm", realm)
                .query(JdbcRealmKeyService::mapRow)
                .list();
        Comparator<StoredKey> newest = Comparator.comparing(StoredKey::createdAt);
        return new CurrentKeys(
                rows.stream().filter(k -> k.state() == KeyState.ACTIVE).max(newest).orElse(null),
                rows.stream().filter(k -> k.state() == KeyState.NEXT).max(newest).orElse(null));
    }

    /** NEXT (or a new key) becomes ACTIVE, the ACTIVE key retires, a new NEXT is made. Returns the new signer. */
    private String rotateLocked(String realm, String algorithm, Duration retention, CurrentKeys current, Instant now) {
        jdbc.sql("update signing_key set state = 'RETIRED', retired_at = :now, unpublish_after = :until"
                        + " where realm = :realm and state = 'ACTIVE'")
                .param("now", timestamp(now), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("until", timestamp(now.plus(retention)), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("realm", realm)
                .update();
        StoredKey next = current.next();
        String signer;
        if (next != null && next.algorithm().equals(algorithm)) {
            jdbc.sql("update signing_key set state = 'ACTIVE', activated_at = :now where id = :kid")
                    .param("now", timestamp(now), Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("kid", next.kid())
                    .update();
            signer = next.kid();
        } else {
            if (next != null) {
                deleteNext(next);
            }
            signer = insert(realm, generator.generate(algorithm), KeyState.ACTIVE, now);
        }
        insert(realm, generator.generate(algorithm), KeyState.NEXT, now);
        return signer;
    }

    private void replaceNext(String realm, String algorithm, StoredKey staleNext, Instant now) {
        deleteNext(staleNext);
        insert(realm, generator.generate(algorithm), KeyState.NEXT, now);
    }

    // A NEXT key never signed anything, so it can go at once instead of retiring.
    private void deleteNext(StoredKey next) {
        jdbc.sql("delete from signing_key where id = :kid and state = 'NEXT'").param("kid", next.kid()).update();
    }

    private String insert(String realm, JWK key, KeyState state, Instant now) {
        String kid = key.getKeyID();
        byte[] ciphertext = masterKey.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), context(realm, kid));
        jdbc.sql("insert into signing_key (id, realm, algorithm, state, public_jwk, private_key_encrypted,"
                        + " created_at, activated_at)"
                        + " values (:kid, :realm, :algorithm, :state, :publicJwk, :privateKey, :now, :activatedAt)")
                .param("kid", kid)
                .param("realm", realm)
                .param("algorithm", key.getAlgorithm().getName())
                .param("state", state.name())
                .param("publicJwk", key.toPublicJWK().toJSONString())
                .param("privateKey", Base64.getEncoder().encodeToString(ciphertext))
                .param("now", timestamp(now), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("activatedAt", state == KeyState.ACTIVE ? timestamp(now) : null, Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
        return kid;
    }

    private <T> T inRealmLock(String realm, Supplier<T> work) {
        ensureLockRow(realm);
        try {
            return tx.execute(status -> {
                jdbc.sql("select realm from realm_key_lock where realm = :realm for update")
                        .param("realm", realm)
                        .query(String.class)
                        .single();
                return work.get();
            });
        } finally {
            signingKeys.invalidate(realm);
            publishedKeys.invalidate(realm);
        }
    }

    private void ensureLockRow(String realm) {
        try {
            lockRowTx.executeWithoutResult(status -> jdbc.sql("insert into realm_key_lock (realm)"
                            + " select :realm where not exists (select 1 from realm_key_lock where realm = :realm)")
                    .param("realm", realm)
                    .update());
        } catch (DuplicateKeyException anotherNodeInsertedItFirst) {
            // its row serves as our lock as well
        }
    }

    // ---- reading ----

    private JWK decryptPrivate(StoredKey key) {
        byte[] json;
        try {
            json = masterKey.decrypt(Base64.getDecoder().decode(key.privateKeyEncrypted()),
                    context(key.realm(), key.kid()));
        } catch (DecryptionException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt signing key '" + key.kid() + "' of realm '" + key.realm()
                    + "': the configured master key (toegang.master-key) is not the one these keys were created"
                    + " with, or the stored key was altered", e);
        }
        try {
            JWK jwk = JWK.parse(new String(json, StandardCharsets.UTF_8));
            if (!key.kid().equals(jwk.getKeyID()) || !jwk.isPrivate()) {
                throw new IllegalStateException("stored signing key '" + key.kid() + "' of realm '" + key.realm()
                        + "' is not the private key of that kid");
            }
            return jwk;
        } catch (ParseException e) {
            // ParseException messages can quote the JSON, which holds the private key: leave the cause out.
            throw new IllegalStateException("stored signing key '" + key.kid() + "' of realm '" + key.realm()
                    + "' is not a valid JWK");
        } finally {
            java.util.Arrays.fill(json, (byte) 0);
        }
    }

    private static JWK parsePublic(StoredKey key) {
        try {
            return JWK.parse(key.publicJwk()).toPublicJWK(); // toPublicJWK: never publish a private part by mistake
        } catch (ParseException e) {
            throw new IllegalStateException("stored public key '" + key.kid() + "' of realm '" + key.realm()
                    + "' is not a valid JWK", e);
        }
    }

    private static StoredKey mapRow(ResultSet rs, int rowNum) throws SQLException {
        return new StoredKey(
                rs.getString("id"),
                rs.getString("realm"),
                rs.getString("algorithm"),
                KeyState.valueOf(rs.getString("state")),
                rs.getString("public_jwk"),
                rs.getString("private_key_encrypted"),
                instant(rs, "created_at"),
                instant(rs, "activated_at"),
                instant(rs, "retired_at"),
                instant(rs, "unpublish_after"));
    }

    private static int publishOrder(KeyState state) {
        return switch (state) {
            case ACTIVE -> 0;
            case NEXT -> 1;
            case RETIRED -> 2;
        };
    }

    /** AES-GCM associated data: a ciphertext copied to another row or realm does not decrypt. */
    static String context(String realm, String kid) {
        return "signing-key:" + realm + ":" + kid;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static void requireRealm(String realm) {
        if (realm == null || realm.isBlank() || realm.length() > 64) {
            throw new IllegalArgumentException("realm must be a non-blank name of at most 64 characters");
        }
    }

    private static void requireNonNegative(Duration duration, String name) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive");
        }
    }
}
