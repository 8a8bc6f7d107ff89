package nl.toegang.oidc;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Locks one authorization row for the rest of the current transaction, so a grant that rewrites it (code redemption,
 * refresh) and a revocation that deletes it ({@link TokenRevocation}) happen one after the other. Without it, Spring's
 * store, which saves by "read, then update or insert", would insert a family back that was revoked between its read
 * and its write: a refresh racing a logout would bring the ended session's tokens back, on any node.
 */
final class AuthorizationRowLock {
    private final JdbcClient jdbc;

    AuthorizationRowLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the row until the transaction ends; false when it is gone (revoked, or redeemed and removed). */
    boolean lock(String authorizationId) {
        return jdbc.sql("SELECT id FROM oauth2_authorization WHERE id = ? FOR UPDATE")
                .param(authorizationId)
                .query(String.class)
                .optional()
                .isPresent();
    }
}
