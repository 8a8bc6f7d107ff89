package nl.toegang.mail;

/**
 * Sends mail on behalf of a feature (registration, verification, password reset, lockout notices).
 *
 * <p>{@link #send} renders the message and stores it in the outbox; it never talks to the mail server, so it returns
 * as fast when SMTP is down as when it is up, and delivery problems never reach the caller (they would otherwise
 * show a person whether an address has an account). Delivery happens later on a background thread, with retries.
 * When the caller runs in a database transaction, the mail is stored in that transaction and is only sent if it
 * commits.
 */
public interface Mailer {

    /**
     * Renders {@code request} in its locale and queues it for delivery.
     *
     * @throws IllegalArgumentException when the request names a template or message that does not exist (a bug in
     *                                  the caller, not a delivery problem)
     */
    void send(MailRequest request);
}
