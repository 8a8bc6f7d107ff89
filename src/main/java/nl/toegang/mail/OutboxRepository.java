package nl.toegang.mail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue between {@link Mailer#send} and {@link OutboxDispatcher}, shared by all nodes.
 *
 * <p>A row is due while it is neither sent nor abandoned and its next attempt time has come. Before a node delivers a
 * row it must {@link #claim} it; a claim succeeds on one node only, so a mail is sent once even when several
 * dispatchers run at the same moment. A claim expires (a node that died mid-delivery must not block the mail
 * forever); a node that dies after the server accepted the mail but before {@link #markSent} causes one duplicate.
 */
public interface OutboxRepository {

    /** Stores a new mail, due at {@code now}; bodies are encrypted at rest. */
    void add(String id, MailRequest request, RenderedMail mail, Instant now);

    /** Ids of up to {@code limit} due, unclaimed mails, oldest due first. */
    List<String> dueIds(Instant now, int limit);

    /** Claims a due mail for {@code node} until {@code until}; false when it is no longer due or another node has it. */
    boolean claim(String id, String node, Instant now, Instant until);

    /** The claimed mail with decrypted bodies; empty when it was sent or removed meanwhile. */
    Optional<OutgoingMail> load(String id);

    /** Delivered: drops the bodies, records the time and releases the claim. */
    void markSent(String id, String node, Instant now);

    /** Not delivered: counts the attempt, stores a short error without bodies, releases the claim. */
    void markFailed(String id, String node, int attempts, Instant nextAttempt, String error);

    /** Retried for too long: drops the bodies and stops retrying; the row stays for a while for operators. */
    void abandon(String id, String node, int attempts, Instant now, String error);

    /** Deletes rows sent or abandoned before {@code before}; returns how many. */
    int purgeFinishedBefore(Instant before);
}
