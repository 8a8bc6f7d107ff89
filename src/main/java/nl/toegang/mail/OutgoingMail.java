package nl.toegang.mail;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored mail ready for a {@link MailTransport}, bodies decrypted.
 *
 * @param id        outbox id; also the dev mailbox id, and what logs name
 * @param attempts  failed delivery attempts so far
 * @param createdAt when {@link Mailer#send} stored it; retries stop a fixed time after this
 */
public record OutgoingMail(String id, String realm, String template, String to, String subject, String text,
                           String html, int attempts, Instant createdAt) {

    public OutgoingMail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }

    /** Masks the recipient and hides the bodies. */
    @Override
    public String toString() {
        return "OutgoingMail[id=" + id + ", realm=" + realm + ", template=" + template + ", to="
                + MailAddresses.mask(to) + ", attempts=" + attempts + "]";
    }
}
