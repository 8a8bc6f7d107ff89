package nl.toegang.lockout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import nl.toegang.audit.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Records lockouts and unlocks in the audit trail (table and log line, with the account id and never the email
 * address) and tells the user about a lockout.
 */
@Component
public class LockoutEventListener {
    private static final Logger log = LoggerFactory.getLogger(LockoutEventListener.class);

    private final LockoutNotifier notifier;
    private final AuditLog audit;

    public LockoutEventListener(LockoutNotifier notifier, AuditLog audit) {
        this.notifier = notifier;
        this.audit = audit;
    }

    @EventListener
    public void onLockedOut(AccountLockedOut event) {
        audit.event(event.realm(), event.disabled() ? "password-disabled" : "lockout", "info")
                .account(event.accountId()).ip(event.ip())
                .reason(event.lockedUntil().map(u -> "locked until " + u).orElse("password disabled"))
                .record();
        try {
            notifier.notifyLockedOut(event);
        } catch (RuntimeException e) {
            // The lockout stands either way; a failed notice must not turn into an error page for the attempt.
            log.error("lockout notice for account {} in realm {} failed", event.accountId(), event.realm(), e);
        }
    }

    @EventListener
    public void onUnlocked(AccountUnlocked event) {
        audit.event(event.realm(), "unlock", "success").account(event.accountId()).actor(event.actor())
                .reason(printable(event.reason())).record();
    }

    /** Free text goes into a log line: no line breaks or quotes that could forge another entry, and bounded. */
    static String printable(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}\"\\\\]", " ");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
