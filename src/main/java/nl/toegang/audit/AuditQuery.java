package nl.toegang.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the audit trail for support staff: newest first, filtered, paged. */
@Repository
public class AuditQuery {
    private final JdbcClient jdbc;

    public AuditQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Filter(String realm, Optional<String> accountId, Optional<String> type, Optional<Instant> from,
                         Optional<Instant> to, int page, int size) {
    }

    public List<AuditEvent> find(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE realm = ?");
        List<Object> params = new ArrayList<>(List.of(filter.realm()));
        filter.accountId().ifPresent(a -> {
            sql.append(" AND account_id = ?");
            params.add(a);
        });
        filter.type().ifPresent(t -> {
            sql.append(" AND type = ?");
            params.add(t);
        });
        filter.from().ifPresent(f -> {
            sql.append(" AND occurred_at >= ?");
            params.add(Timestamp.from(f));
        });
        filter.to().ifPresent(t -> {
            sql.append(" AND occurred_at < ?");
            params.add(Timestamp.from(t));
        });
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?");
        params.add(filter.size());
        params.add(filter.page() * filter.size());
        return jdbc.sql(sql.toString()).params(params).query(AuditQuery::map).list();
    }

    private static AuditEvent map(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getString("id"), rs.getString("realm"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("type"), rs.getString("outcome"), Optional.ofNullable(rs.getString("account_id")),
                Optional.ofNullable(rs.getString("client_id")), Optional.ofNullable(rs.getString("actor")),
                Optional.ofNullable(rs.getString("reason")), Optional.ofNullable(rs.getString("ip")),
                Optional.ofNullable(rs.getString("user_agent")), Optional.ofNullable(rs.getString("correlation_id")));
    }
}
