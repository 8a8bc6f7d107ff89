package nl.toegang.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Delivers due outbox mails through the configured {@link MailTransport}, on every node, every
 * {@code toegang.mail.dispatch-interval}. Each mail is claimed first, so two nodes never deliver the same one.
 * Failures are retried on the {@link RetrySchedule}; logs name the mail id and template, a masked recipient, never a
 * body.
 */
public final class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    /** Longer than any SMTP timeout, so a claim only lapses when its node died. */
    static final Duration CLAIM_DURATION = Duration.ofMinutes(5);
    static final Duration KEEP_FINISHED = Duration.ofDays(1);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final int BATCH = 50;
    private static final int MAX_ERROR_CHARS = 300;

    private final OutboxRepository outbox;
    private final MailTransport transport;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();
    private Instant nextPurge = Instant.MIN;

    public OutboxDispatcher(OutboxRepository outbox, MailTransport transport, Clock clock) {
        this.outbox = outbox;
        this.transport = transport;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${toegang.mail.dispatch-interval:1s}")
    public void scheduled() {
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            // e.g. the database is briefly unreachable; the next pass tries again.
            log.warn("mail outbox pass failed: {}", e.toString());
        }
    }

    /** Delivers every mail due now (in batches); returns how many were delivered. Safe to call from several nodes. */
    public synchronized int dispatchDue() {
        int delivered = 0;
        while (true) {
            var ids = outbox.dueIds(clock.instant(), BATCH);
            int claimed = 0;
            for (String id : ids) {
                Instant now = clock.instant();
                if (!outbox.claim(id, node, now, now.plus(CLAIM_DURATION))) {
                    continue; // another node has it, or it was finished meanwhile
                }
                claimed++;
                Optional<OutgoingMail> mail = outbox.load(id);
                if (mail.isPresent() && deliver(mail.get())) {
                    delivered++;
                }
            }
            if (ids.size() < BATCH || claimed == 0) {
                break;
            }
        }
        purgeOccasionally();
        return delivered;
    }

    private boolean deliver(OutgoingMail mail) {
        try {
            transport.deliver(mail);
        } catch (Exception e) {
            failed(mail, e);
            return false;
        }
        outbox.markSent(mail.id(), node, clock.instant());
        log.info("mail {} ({}) sent to {} after {} failed attempts", mail.id(), mail.template(),
                MailAddresses.mask(mail.to()), mail.attempts());
        return true;
    }

    private void failed(OutgoingMail mail, Exception e) {
        int attempts = mail.attempts() + 1;
        String error = describe(e);
        Instant now = clock.instant();
        Optional<Instant> next = RetrySchedule.nextAttempt(attempts, mail.createdAt(), now);
        if (next.isPresent()) {
            outbox.markFailed(mail.id(), node, attempts, next.get(), error);
            log.warn("mail {} ({}) attempt {} failed, next at {}: {}", mail.id(), mail.template(), attempts,
                    next.get(), error);
        } else {
            outbox.abandon(mail.id(), node, attempts, now, error);
            log.error("mail {} ({}) given up after {} attempts over {}: {}", mail.id(), mail.template(), attempts,
                    RetrySchedule.GIVE_UP_AFTER, error);
        }
    }

    // Class and message of the cause chain, addresses masked: SMTP replies often quote the recipient.
    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < MAX_ERROR_CHARS; t = t.getCause()) {
            if (!s.isEmpty()) {
                s.append(" <- ");
            }
            s.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                s.append(": ").append(t.getMessage().replaceAll("\\s+", " ").strip());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String masked = MailAddresses.maskAll(s.toString());
        return masked.length() <= MAX_ERROR_CHARS ? masked : masked.substring(0, MAX_ERROR_CHARS);
    }

    private void purgeOccasionally() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(PURGE_EVERY);
        int purged = outbox.purgeFinishedBefore(now.minus(KEEP_FINISHED));
        if (purged > 0) {
            log.info("purged {} finished mails older than {}", purged, KEEP_FINISHED);
        }
    }
}
