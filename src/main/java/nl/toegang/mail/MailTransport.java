package nl.toegang.mail;

/** Hands a mail to the outside world (SMTP) or to the development mailbox. Chosen by {@code toegang.mail.transport}. */
public interface MailTransport {

    /**
     * Delivers {@code mail} or throws. Called by {@link OutboxDispatcher} only, never on a request thread. A thrown
     * exception's message is stored (addresses masked) and logged, so implementations must not put bodies in it.
     */
    void deliver(OutgoingMail mail) throws Exception;
}
