package nl.toegang.oidc.logout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue between the end of a session and the POST of its logout tokens, shared by all nodes.
 *
 * <p>A row is due while it is neither delivered nor abandoned and its next attempt time has come. A node must
 * {@link #claim} a row before it sends it; a claim succeeds on one node only (a conditional UPDATE), so two nodes
 * never send the same row at once. A claim lapses after a while, so a node that died mid-delivery does not block the
 * row forever. Nothing stored here is a secret: the token is signed at each attempt.
 */
public interface LogoutOutbox {

    /** Queues a delivery, due at {@code now}. */
    void add(LogoutDelivery delivery, Instant now);

    /** Ids of up to {@code limit} due, unclaimed rows, oldest due first. */
    List<String> dueIds(Instant now, int limit);

    /** Claims a due row for {@code node} until {@code until}; false when another node has it or it is not due. */
    boolean claim(String id, String node, Instant now, Instant until);

    /** The claimed row; empty when it was finished meanwhile. */
    Optional<LogoutDelivery> load(String id);

    /** Delivered: finished, claim released. */
    void markDelivered(String id, String node, Instant now);

    /** Not delivered: counts the attempt, keeps a short error (never the token), schedules the next attempt. */
    void markFailed(String id, String node, int attempts, Instant nextAttempt, String error);

    /** Retried for too long, or the client no longer takes logout tokens: finished without delivery. */
    void abandon(String id, String node, int attempts, Instant now, String error);

    /** Deletes rows finished before {@code before}; returns how many. */
    int purgeFinishedBefore(Instant before);
}
