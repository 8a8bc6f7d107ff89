package nl.toegang.outbox;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The shared mechanics of a durable outbox table that any node may work on: rows are due at
 * {@code next_attempt_at}, a node takes one with a conditional UPDATE ({@code claimed_by}, {@code claimed_until}) so
 * two nodes never work on the same row at once, and a failed attempt releases it for a later retry. The mail outbox
 * and the back-channel logout outbox both use it; what a row holds and what "done" clears stays with each of them.
 *
 * <p>The table name is a constant of the caller, never input.
 */
public final class ClaimedOutboxTable {
    private static final int MAX_ERROR_CHARS = 500;

    private final JdbcClient jdbc;
    private final String table;

    public ClaimedOutboxTable(JdbcClient jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /**
     * Ids of rows due now and not claimed by a node whose claim still holds, oldest due first. None while the database
     * cannot be reached (no connection, or the connection broke): a pass of an outbox loop then simply finds nothing
     * to do, rather than logging every second that the database is away (the outage module says that once, and when
     * it is back); the next pass asks again. Nothing is lost: the rows wait in the database.
     */
    public List<String> dueIds(Instant now, int limit) {
        try {
            return jdbc.sql("select id from " + table + """

                            where next_attempt_at <= ? and (claimed_until is null or claimed_until < ?)
                            order by next_attempt_at
                            fetch first ? rows only""")
                    .params(ts(now), ts(now), limit)
                    .query(String.class)
                    .list();
        } catch (DataAccessResourceFailureException databaseAway) {
            return List.of();
        }
    }

    /** True for exactly one node asking for a due row: its claim holds until {@code until}. */
    public boolean claim(String id, String node, Instant now, Instant until) {
        return jdbc.sql("update " + table + """
                         set claimed_by = ?, claimed_until = ?
                        where id = ? and next_attempt_at <= ? and (claimed_until is null or claimed_until < ?)""")
                .params(node, ts(until), id, ts(now), ts(now))
                .update() == 1;
    }

    /** Records a failed attempt of the claiming node and makes the row due again at {@code nextAttempt}. */
    public void markFailed(String id, String node, int attempts, Instant nextAttempt, String error) {
        jdbc.sql("update " + table + """
                         set attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = null, claimed_until = null
                        where id = ? and claimed_by = ?""")
                .params(attempts, ts(nextAttempt), shorten(error), id, node)
                .update();
    }

    /** An error message as stored: at most 500 characters. */
    public static String shorten(String error) {
        return error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
    }

    // Microseconds: what both databases store, so a value read back compares equal to the one written.
    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
