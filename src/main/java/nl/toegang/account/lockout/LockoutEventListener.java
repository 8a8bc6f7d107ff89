package nl.toegang.account.lockout;

import nl.toegang.lockout.LockoutNotifier;
import nl.toegang.lockout.AccountLockedOut;
import nl.toegang.lockout.AccountUnlocked;
import nl.toegang.account.AccountTasks;
import nl.toegang.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Component;

/**
 * Records lockouts and unlocks in the audit trail (table and log line, with the account id and never the email
 * address) and tells the user about a lockout. A lockout of an unknown address is audited the same way, without an
 * account id; the notice runs on a background executor, so whether there was anybody to mail (a lookup and an outbox
 * write) never shows in the response time of the attempt that caused the lockout.
 */
@Component
public class LockoutEventListener {
    private static final Logger log = LoggerFactory.getLogger(LockoutEventListener.class);

    private final LockoutNotifier notifier;
    private final AuditLog audit;
    private final TaskExecutor background;

    public LockoutEventListener(LockoutNotifier notifier, AuditLog audit,
                                @Qualifier(AccountTasks.EXECUTOR) TaskExecutor background) {
        this.notifier = notifier;
        this.audit = audit;
        this.background = background;
    }

    @EventListener
    public void onLockedOut(AccountLockedOut event) {
        audit.event(event.realm(), event.disabled() ? "password-disabled" : "lockout", "info")
                .account(event.accountId().orElse(null)).ip(event.ip())
                .reason(event.lockedUntil().map(u -> "locked until " + u).orElse("password disabled"))
                .record();
        // Handed over for unknown addresses too (the notifier skips them), so the request thread does the same.
        try {
            background.execute(() -> sendNotice(event));
        } catch (TaskRejectedException e) {
            // A full queue (a lockout storm) costs the notice, never the answer to the attempt.
            log.warn("lockout notice for account {} in realm {} dropped: background queue full",
                    event.accountId().orElse("-"), event.realm());
        }
    }

    private void sendNotice(AccountLockedOut event) {
        try {
            notifier.notifyLockedOut(event);
        } catch (RuntimeException e) {
            // The lockout stands either way; a failed notice is logged, not retried.
            log.error("lockout notice for account {} in realm {} failed", event.accountId().orElse("-"),
                    event.realm(), e);
        }
    }

    /**
     * An unlock by a password reset is the person's own act: recorded without an actor (the activity list would
     * otherwise say support did it) and with {@code password-reset} as its reason.
     */
    @EventListener
    public void onUnlocked(AccountUnlocked event) {
        if (event.byAccountHolder()) {
            audit.event(event.realm(), "unlock", "success").account(event.accountId()).reason(AccountUnlocked.PASSWORD_RESET)
                    .record();
            return;
        }
        audit.event(event.realm(), "unlock", "success").account(event.accountId()).actor(event.actor())
                .reason(printable(event.reason())).record();
    }

    /** Free text goes into a log line: no line breaks or quotes that could forge another entry, and bounded. */
    static String printable(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}\"\\\\]", " ");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
