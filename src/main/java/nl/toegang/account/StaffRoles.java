package nl.toegang.account;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Staff roles ({@code support}, {@code admin}) of accounts in realm {@code admin}: who may use the support pages.
 * Kept in the database, not the session, so a role taken away stops working at the next request.
 */
@Repository
public class StaffRoles {
    public static final String REALM = "admin";
    public static final String SUPPORT = "support";
    public static final String ADMIN = "admin";

    private final JdbcClient jdbc;

    public StaffRoles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Set<String> of(String accountId) {
        return new TreeSet<>(jdbc.sql("SELECT role FROM account_role WHERE realm = ? AND account_id = ?")
                .params(REALM, accountId).query(String.class).list());
    }

    /** Grants {@code role}; granting a role the account already has changes nothing. */
    public void grant(String accountId, String role, Instant now) {
        try {
            jdbc.sql("INSERT INTO account_role (realm, account_id, role, granted_at) VALUES (?, ?, ?, ?)")
                    .params(REALM, accountId, role, Timestamp.from(now)).update();
        } catch (DuplicateKeyException alreadyGranted) {
            // Two nodes starting at once seed the same role: one insert wins, the result is the same.
        }
    }
}
