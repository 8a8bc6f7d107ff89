package nl.toegang.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/** The {@link Mailer}: renders at once, in the request's locale, and stores the result in the outbox. */
public final class OutboxMailer implements Mailer {

    private static final Logger log = LoggerFactory.getLogger(OutboxMailer.class);

    private final MailRenderer renderer;
    private final OutboxRepository outbox;
    private final Clock clock;

    public OutboxMailer(MailRenderer renderer, OutboxRepository outbox, Clock clock) {
        this.renderer = renderer;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void send(MailRequest request) {
        RenderedMail mail = renderer.render(request);
        String id = UUID.randomUUID().toString();
        outbox.add(id, request, mail, clock.instant());
        log.info("mail {} ({}) queued for {}", id, request.template(), MailAddresses.mask(request.to()));
    }
}
