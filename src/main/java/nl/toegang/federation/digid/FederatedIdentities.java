package nl.toegang.federation.digid;

import com.nimbusds.jose.util.JSONObjectUtils;
import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;
import nl.toegang.saml.Bsn;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Federated identities (table {@code federated_identity}): one row per (realm, IdP, resident), found by a keyed hash
 * of the BSN, with the BSN itself encrypted under the master key bound to realm and row id. Kept apart from email
 * accounts on purpose: a DigiD login never becomes, or links to, an email account.
 *
 * <p>People signed in by an upstream OpenID Provider ({@code federation.upstream}) are rows here too, keyed by the
 * provider's issuer and a keyed hash of its {@code sub}; they have no BSN, and the claims the realm file maps are kept
 * encrypted the same way.
 */
@Component
public class FederatedIdentities {
    private final JdbcClient jdbc;
    private final MasterKey masterKey;
    private final KeyedHash subjectHash;
    private final Clock clock;

    public FederatedIdentities(JdbcClient jdbc, MasterKey masterKey, Clock clock) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
        this.subjectHash = KeyedHash.derivedFrom(masterKey, "federated-subject");
        this.clock = clock;
    }

    /** The id of this resident's identity at this IdP in this realm, created on first login. */
    public String findOrCreate(String realm, String idpEntityId, Bsn bsn) {
        String hash = subjectHash.hash(idpEntityId + "\n" + bsn.value());
        Instant now = clock.instant();
        Optional<String> existing = find(realm, idpEntityId, hash);
        if (existing.isPresent()) {
            jdbc.sql("update federated_identity set last_login_at = ? where id = ?")
                    .params(Timestamp.from(now), existing.get()).update();
            return existing.get();
        }
        String id = UUID.randomUUID().toString();
        String encrypted = Base64.getEncoder().encodeToString(
                masterKey.encrypt(bsn.value().getBytes(StandardCharsets.US_ASCII), context(realm, id)));
        try {
            jdbc.sql("insert into federated_identity (id, realm, idp_entity_id, subject_hash, bsn_encrypted,"
                            + " created_at, last_login_at) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(id, realm, idpEntityId, hash, encrypted, Timestamp.from(now), Timestamp.from(now))
                    .update();
            return id;
        } catch (DuplicateKeyException concurrentFirstLogin) {
            return find(realm, idpEntityId, hash).orElseThrow();
        }
    }

    /**
     * The id of the person the upstream provider {@code issuer} calls {@code sub} in this realm, created on first
     * login; {@code claims} (mapped per the realm file, JSON values) replace the ones kept from the last login.
     */
    public String findOrCreateUpstream(String realm, String issuer, String sub, Map<String, Object> claims) {
        String hash = subjectHash.hash(issuer + "\n" + sub);
        Instant now = clock.instant();
        Optional<String> existing = find(realm, issuer, hash);
        String id = existing.orElseGet(() -> UUID.randomUUID().toString());
        if (existing.isEmpty()) {
            try {
                jdbc.sql("insert into federated_identity (id, realm, idp_entity_id, subject_hash, claims_encrypted,"
                                + " created_at, last_login_at) values (?, ?, ?, ?, ?, ?, ?)")
                        .params(id, realm, issuer, hash, encryptedClaims(realm, id, claims), Timestamp.from(now),
                                Timestamp.from(now))
                        .update();
                return id;
            } catch (DuplicateKeyException concurrentFirstLogin) {
                id = find(realm, issuer, hash).orElseThrow();
            }
        }
        jdbc.sql("update federated_identity set last_login_at = ?, claims_encrypted = ? where id = ?")
                .params(Timestamp.from(now), encryptedClaims(realm, id, claims), id).update();
        return id;
    }

    /** The claims kept for identity {@code id} at its last upstream login; empty for DigiD identities. */
    public Map<String, Object> claims(String realm, String id) {
        return jdbc.sql("select claims_encrypted from federated_identity where realm = ? and id = ?"
                        + " and claims_encrypted is not null")
                .params(realm, id).query(String.class).optional()
                .map(value -> {
                    String json = new String(masterKey.decrypt(Base64.getDecoder().decode(value),
                            claimsContext(realm, id)), StandardCharsets.UTF_8);
                    try {
                        return JSONObjectUtils.parse(json);
                    } catch (java.text.ParseException e) {
                        throw new IllegalStateException("stored claims of identity " + id + " are not JSON", e);
                    }
                })
                .orElse(Map.of());
    }

    private String encryptedClaims(String realm, String id, Map<String, Object> claims) {
        byte[] json = JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(masterKey.encrypt(json, claimsContext(realm, id)));
    }

    private static String claimsContext(String realm, String id) {
        return "federated-claims:" + realm + ":" + id;
    }

    /** The identity of this resident at this IdP in this realm, if they ever logged in (creates nothing). */
    public Optional<String> find(String realm, String idpEntityId, Bsn bsn) {
        return find(realm, idpEntityId, subjectHash.hash(idpEntityId + "\n" + bsn.value()));
    }

    /**
     * Whether {@code id} is a federated identity of this realm. Reads neither the BSN nor its hash: for pages that
     * only need to know who is signed in (the account console).
     */
    public boolean exists(String realm, String id) {
        return jdbc.sql("select count(*) from federated_identity where realm = ? and id = ?")
                .params(realm, id).query(Integer.class).single() > 0;
    }

    /** The BSN of identity {@code id}, for release to an eligible client only. */
    public Optional<Bsn> bsn(String realm, String id) {
        return jdbc.sql("select bsn_encrypted from federated_identity where realm = ? and id = ?"
                        + " and bsn_encrypted is not null")
                .params(realm, id).query(String.class).optional()
                .map(value -> new Bsn(new String(masterKey.decrypt(Base64.getDecoder().decode(value),
                        context(realm, id)), StandardCharsets.US_ASCII)));
    }

    private Optional<String> find(String realm, String idpEntityId, String hash) {
        return jdbc.sql("select id from federated_identity where realm = ? and idp_entity_id = ? and subject_hash = ?")
                .params(realm, idpEntityId, hash).query(String.class).optional();
    }

    private static String context(String realm, String id) {
        return "federated-bsn:" + realm + ":" + id;
    }
}
