package nl.toegang.mail.dev;

import nl.toegang.mail.MailAddresses;
import nl.toegang.mail.MailTransport;
import nl.toegang.mail.OutgoingMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Development transport: keeps the newest mails in memory (per node) instead of sending them, for the
 * {@code /dev/mailbox} pages. Never available in production ({@link DevMailboxConfiguration}).
 */
public final class DevMailbox implements MailTransport {

    private static final Logger log = LoggerFactory.getLogger(DevMailbox.class);

    private final int capacity;
    private final Clock clock;
    private final Deque<DevMail> mails = new ArrayDeque<>(); // newest first; guarded by this

    public DevMailbox(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public void deliver(OutgoingMail mail) {
        DevMail kept = new DevMail(mail.id(), mail.realm(), mail.template(), mail.to(), mail.subject(), mail.text(),
                mail.html(), clock.instant());
        synchronized (this) {
            mails.addFirst(kept);
            while (mails.size() > capacity) {
                mails.removeLast();
            }
        }
        log.info("dev mailbox: mail {} ({}) to {}; read it at /dev/mailbox", mail.id(), mail.template(),
                MailAddresses.mask(mail.to()));
    }

    /** All kept mails, newest first. */
    public synchronized List<DevMail> list() {
        return new ArrayList<>(mails);
    }

    public synchronized Optional<DevMail> find(String id) {
        return mails.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The newest mail to {@code to} (case-insensitive). */
    public synchronized Optional<DevMail> latestTo(String to) {
        return mails.stream().filter(m -> m.to().equalsIgnoreCase(to)).findFirst();
    }
}
