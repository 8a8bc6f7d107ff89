package nl.toegang.mail.dev;

import nl.toegang.mail.MailAddresses;

import java.time.Instant;

/** A mail kept by the {@link DevMailbox}. Development only: holds bodies with their codes, but masks itself. */
public record DevMail(String id, String realm, String template, String to, String subject, String text, String html,
                      Instant receivedAt) {

    @Override
    public String toString() {
        return "DevMail[id=" + id + ", template=" + template + ", to=" + MailAddresses.mask(to) + "]";
    }
}
