package nl.toegang.account;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

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

    /** The roles a staff member can hold. */
    public static final Set<String> ALL = Set.of(SUPPORT, ADMIN);

    /**
     * Sets the account's roles to exactly {@code roles} (a subset of {@link #ALL}) in one transaction, so another
     * node never sees a member half-way between two role sets.
     */
    @Transactional
    public void replace(String accountId, Set<String> roles, Instant now) {
        if (!ALL.containsAll(roles)) {
            throw new IllegalArgumentException("unknown staff role in " + roles);
        }
        jdbc.sql("DELETE FROM account_role WHERE realm = ? AND account_id = ?").params(REALM, accountId).update();
        for (String role : new TreeSet<>(roles)) {
            jdbc.sql("INSERT INTO account_role (realm, account_id, role, granted_at) VALUES (?, ?, ?, ?)")
                    .params(REALM, accountId, role, Timestamp.from(now)).update();
        }
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
