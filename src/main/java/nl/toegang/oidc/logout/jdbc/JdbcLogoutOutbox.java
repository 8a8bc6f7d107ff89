package nl.toegang.oidc.logout.jdbc;

import nl.toegang.oidc.logout.LogoutDelivery;
import nl.toegang.oidc.logout.LogoutOutbox;
import nl.toegang.outbox.ClaimedOutboxTable;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static nl.toegang.outbox.ClaimedOutboxTable.shorten;
import static nl.toegang.outbox.ClaimedOutboxTable.ts;

/**
 * {@link LogoutOutbox} on {@code backchannel_logout_outbox} (H2 and PostgreSQL, same SQL). Claims are a conditional
 * UPDATE whose row count says which node won, like the mail outbox: no row locks, the same on both databases.
 */
public final class JdbcLogoutOutbox implements LogoutOutbox {

    private final JdbcClient jdbc;
    private final ClaimedOutboxTable rows;

    public JdbcLogoutOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.rows = new ClaimedOutboxTable(jdbc, "backchannel_logout_outbox");
    }

    @Override
    public void add(LogoutDelivery d, Instant now) {
        jdbc.sql("""
                        insert into backchannel_logout_outbox (id, realm, client_id, subject, sid, reason, attempts,
                            next_attempt_at, created_at)
                        values (?, ?, ?, ?, ?, ?, 0, ?, ?)""")
                .params(d.id(), d.realm(), d.clientId(), d.subject(), d.sid(), d.reason(), ts(now), ts(now))
                .update();
    }

    @Override
    public List<String> dueIds(Instant now, int limit) {
        return rows.dueIds(now, limit);
    }

    @Override
    public boolean claim(String id, String node, Instant now, Instant until) {
        return rows.claim(id, node, now, until);
    }

    @Override
    public Optional<LogoutDelivery> load(String id) {
        return jdbc.sql("""
                        select id, realm, client_id, subject, sid, reason, attempts, created_at
                        from backchannel_logout_outbox where id = ? and next_attempt_at is not null""")
                .param(id)
                .query(JdbcLogoutOutbox::delivery)
                .optional();
    }

    @Override
    public void markDelivered(String id, String node, Instant now) {
        jdbc.sql("""
                        update backchannel_logout_outbox set delivered_at = ?, next_attempt_at = null,
                            last_error = null, claimed_by = null, claimed_until = null
                        where id = ? and claimed_by = ?""")
                .params(ts(now), id, node)
                .update();
    }

    @Override
    public void markFailed(String id, String node, int attempts, Instant nextAttempt, String error) {
        rows.markFailed(id, node, attempts, nextAttempt, error);
    }

    @Override
    public void abandon(String id, String node, int attempts, Instant now, String error) {
        jdbc.sql("""
                        update backchannel_logout_outbox set attempts = ?, abandoned_at = ?, last_error = ?,
                            next_attempt_at = null, claimed_by = null, claimed_until = null
                        where id = ? and claimed_by = ?""")
                .params(attempts, ts(now), shorten(error), id, node)
                .update();
    }

    @Override
    public int purgeFinishedBefore(Instant before) {
        return jdbc.sql("delete from backchannel_logout_outbox where delivered_at < ? or abandoned_at < ?")
                .params(ts(before), ts(before))
                .update();
    }

    private static LogoutDelivery delivery(ResultSet rs, int row) throws SQLException {
        return new LogoutDelivery(rs.getString("id"), rs.getString("realm"), rs.getString("client_id"),
                rs.getString("subject"), rs.getString("sid"), rs.getString("reason"), rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
