package nl.toegang.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens that were rotated away ({@code oauth2_refresh_rotation}, keyed by the same keyed hash as the store),
 * until they would have expired, each with the authorization (token family) that replaced it.
 */
public class RotatedRefreshTokens {
    private static final Logger log = LoggerFactory.getLogger(RotatedRefreshTokens.class);

    private final JdbcClient jdbc;
    private final StoredTokenValues storedValues;
    private final Clock clock;

    public RotatedRefreshTokens(JdbcClient jdbc, StoredTokenValues storedValues, Clock clock) {
        this.jdbc = jdbc;
        this.storedValues = storedValues;
        this.clock = clock;
    }

    /**
     * Records that {@code token} was rotated away from {@code authorizationId}; false when it already was (the same
     * refresh token rotated twice at once).
     *
     * @param expiresAt when the token would have expired, or null for a day from now
     */
    boolean record(String token, String authorizationId, Instant expiresAt) {
        Instant until = expiresAt != null ? expiresAt : clock.instant().plusSeconds(86400);
        try {
            jdbc.sql("INSERT INTO oauth2_refresh_rotation (token_hash, authorization_id, expires_at) VALUES (?, ?, ?)")
                    .params(storedValues.lookupKey(token), authorizationId, Timestamp.from(until))
                    .update();
            return true;
        } catch (DuplicateKeyException concurrentRotation) {
            return false;
        }
    }

    /** The family a rotated-away token belonged to, if {@code token} is one. */
    Optional<String> familyOf(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT authorization_id FROM oauth2_refresh_rotation WHERE token_hash = ?")
                .param(storedValues.lookupKey(token))
                .query(String.class)
                .optional();
    }

    /**
     * Revokes a whole token family, whichever realm it belongs to (a leaked token presented anywhere means the family
     * leaked).
     */
    void revokeFamily(String authorizationId) {
        jdbc.sql("SELECT registered_client_id FROM oauth2_authorization WHERE id = ?")
                .param(authorizationId)
                .query(String.class)
                .optional()
                .ifPresent(client -> {
                    log.warn("Rotated refresh token presented again; revoking its token family (client {})", client);
                    jdbc.sql("DELETE FROM oauth2_authorization WHERE id = ?").param(authorizationId).update();
                });
    }

    /** Removes rows of tokens that have expired anyway. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM oauth2_refresh_rotation WHERE expires_at < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }
}
