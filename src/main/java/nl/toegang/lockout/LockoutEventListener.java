package nl.toegang.lockout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records lockouts and unlocks for the audit trail and tells the user about a lockout. Until the audit table exists
 * (issue 8) the audit trail is one structured log line per event, with the account id and never the email address.
 */
@Component
public class LockoutEventListener {
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final Logger log = LoggerFactory.getLogger(LockoutEventListener.class);

    private final LockoutNotifier notifier;

    public LockoutEventListener(LockoutNotifier notifier) {
        this.notifier = notifier;
    }

    @EventListener
    public void onLockedOut(AccountLockedOut event) {
        AUDIT.info("audit event={} realm={} account={} ip={} at={} {}",
                event.disabled() ? "password-disabled" : "lockout", event.realm(), event.accountId(), event.ip(),
                event.at(), event.lockedUntil().map(u -> "until=" + u).orElse("disabled=true"));
        try {
            notifier.notifyLockedOut(event);
        } catch (RuntimeException e) {
            // The lockout stands either way; a failed notice must not turn into an error page for the attempt.
            log.error("lockout notice for account {} in realm {} failed", event.accountId(), event.realm(), e);
        }
    }

    @EventListener
    public void onUnlocked(AccountUnlocked event) {
        AUDIT.info("audit event=unlock realm={} account={} actor={} at={} reason=\"{}\"", event.realm(),
                event.accountId(), event.actor(), event.at(), printable(event.reason()));
    }

    /** Free text goes into a log line: no line breaks or quotes that could forge another entry, and bounded. */
    static String printable(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}\"\\\\]", " ");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
