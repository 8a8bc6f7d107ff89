package nl.toegang.oidc.dpop;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/**
 * Used proofs in {@code dpop_proof_jti} (V12): the primary key makes the first insert win on every node sharing the
 * database. An expired row of the same hash is replaced, since its proof is refused by its {@code iat} anyway.
 */
public final class JdbcDpopReplayCache implements DpopReplayCache {
    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcDpopReplayCache(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean markUsed(String proofHash, Instant until) {
        try {
            jdbc.sql("DELETE FROM dpop_proof_jti WHERE jti_hash = ? AND expires_at < ?")
                    .params(proofHash, Timestamp.from(clock.instant()))
                    .update();
            jdbc.sql("INSERT INTO dpop_proof_jti (jti_hash, expires_at) VALUES (?, ?)")
                    .params(proofHash, Timestamp.from(until))
                    .update();
            return true;
        } catch (DuplicateKeyException replay) {
            return false;
        } catch (DataAccessException unavailable) {
            return false;
        }
    }

    /** Removes rows whose proofs are refused by their age anyway. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM dpop_proof_jti WHERE expires_at < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }
}
