package nl.toegang.mail.jdbc;

import nl.toegang.crypto.MasterKey;
import nl.toegang.mail.MailRequest;
import nl.toegang.mail.OutboxRepository;
import nl.toegang.mail.OutgoingMail;
import nl.toegang.mail.RenderedMail;
import nl.toegang.outbox.ClaimedOutboxTable;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static nl.toegang.outbox.ClaimedOutboxTable.shorten;
import static nl.toegang.outbox.ClaimedOutboxTable.ts;

/**
 * {@link OutboxRepository} on the {@code mail_outbox} table (H2 and PostgreSQL, same SQL).
 *
 * <p>Bodies are AES-GCM encrypted with the master key under context {@code "mail:" + id}, so a body copied to another
 * row does not decrypt. A row is "finished" when {@code next_attempt_at} is null; claims are a conditional UPDATE
 * whose row count says who won, which works the same on both databases without row locks.
 */
public final class JdbcOutboxRepository implements OutboxRepository {


    private final JdbcClient jdbc;
    private final ClaimedOutboxTable rows;
    private final MasterKey masterKey;

    public JdbcOutboxRepository(JdbcClient jdbc, MasterKey masterKey) {
        this.jdbc = jdbc;
        this.rows = new ClaimedOutboxTable(jdbc, "mail_outbox");
        this.masterKey = masterKey;
    }

    @Override
    public void add(String id, MailRequest request, RenderedMail mail, Instant now) {
        jdbc.sql("""
                        insert into mail_outbox (id, realm, template, recipient, subject, body_text, body_html,
                            contains_secret, attempts, next_attempt_at, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""")
                .params(id, request.realm(), request.template(), request.to(), mail.subject(),
                        encrypt(id, mail.text()), encrypt(id, mail.html()), request.containsSecret(),
                        ts(now), ts(now))
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
    public Optional<OutgoingMail> load(String id) {
        return jdbc.sql("""
                        select id, realm, template, recipient, subject, body_text, body_html, attempts, created_at
                        from mail_outbox where id = ? and next_attempt_at is not null""")
                .param(id)
                .query(this::mail)
                .optional();
    }

    @Override
    public void markSent(String id, String node, Instant now) {
        jdbc.sql("""
                        update mail_outbox set sent_at = ?, body_text = null, body_html = null, next_attempt_at = null,
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
                        update mail_outbox set attempts = ?, abandoned_at = ?, last_error = ?, body_text = null,
                            body_html = null, next_attempt_at = null, claimed_by = null, claimed_until = null
                        where id = ? and claimed_by = ?""")
                .params(attempts, ts(now), shorten(error), id, node)
                .update();
    }

    @Override
    public int purgeFinishedBefore(Instant before) {
        return jdbc.sql("delete from mail_outbox where sent_at < ? or abandoned_at < ?")
                .params(ts(before), ts(before))
                .update();
    }

    private OutgoingMail mail(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        return new OutgoingMail(id, rs.getString("realm"), rs.getString("template"), rs.getString("recipient"),
                rs.getString("subject"), decrypt(id, rs.getString("body_text")), decrypt(id, rs.getString("body_html")),
                rs.getInt("attempts"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private String encrypt(String id, String body) {
        return Base64.getEncoder().encodeToString(masterKey.encrypt(body.getBytes(StandardCharsets.UTF_8), context(id)));
    }

    private String decrypt(String id, String stored) {
        return new String(masterKey.decrypt(Base64.getDecoder().decode(stored), context(id)), StandardCharsets.UTF_8);
    }

    private static String context(String id) {
        return "mail:" + id;
    }
}
