package nl.toegang.admin;

import nl.toegang.account.AccountRepository;
import nl.toegang.account.reset.PasswordResets;
import nl.toegang.audit.AuditLog;
import nl.toegang.account.AccountLockouts;
import nl.toegang.mfa.MfaReset;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.session.SsoSessionEnded;
import nl.toegang.session.SsoSessions;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * What support staff may do to an account, shared by the admin API and the support pages so both act and audit
 * the same way. Each method returns false when the realm or account does not exist; each success is audited with
 * who ({@code actor}: {@code client:<id>} for the API, {@code staff:<account id>} for the pages) and why (a
 * {@link StaffReason}, required by type). Who may call which is {@link StaffAction}'s table, checked by the callers.
 */
@Service
public class SupportActions {
    private final RealmRegistry realms;
    private final AccountRepository accounts;
    private final AccountLockouts lockouts;
    private final PasswordResets resets;
    private final MfaReset mfaReset;
    private final SsoSessions sessions;
    private final AuditLog audit;
    private final Clock clock;

    public SupportActions(RealmRegistry realms, AccountRepository accounts, AccountLockouts lockouts,
                          PasswordResets resets, MfaReset mfaReset, SsoSessions sessions, AuditLog audit,
                          Clock clock) {
        this.realms = realms;
        this.accounts = accounts;
        this.lockouts = lockouts;
        this.resets = resets;
        this.mfaReset = mfaReset;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Clears the password lockout (audited as {@code unlock} by {@link AccountLockouts}). */
    public boolean unlock(String realm, String accountId, String actor, StaffReason reason) {
        return exists(realm, accountId) && lockouts.clear(realm, accountId, actor, reason.text());
    }

    /** Removes authenticator app, passkeys and recovery codes, and ends the account's sessions. */
    public boolean resetMfa(String realm, String accountId, String actor, StaffReason reason) {
        if (!exists(realm, accountId)) {
            return false;
        }
        int passkeys = mfaReset.resetAll(realm, accountId);
        accounts.endSessionsBefore(realm, accountId, clock.instant());
        sessions.endAll(realm, accountId, SsoSessionEnded.Reason.SUPPORT_ACTION, null);
        audit.event(realm, "mfa-reset", "success").account(accountId).actor(actor)
                .reason(reason.text() + " (" + passkeys + " passkeys removed)").record();
        return true;
    }

    /** Mails the account a password-reset link (the same mail as "forgot password"). */
    public boolean sendPasswordReset(String realm, String accountId, String actor, StaffReason reason) {
        var definition = realms.find(realm);
        var account = definition.flatMap(r -> accounts.findById(realm, accountId));
        if (account.isEmpty()) {
            return false;
        }
        resets.requestFor(definition.get(), account.get());
        audit.event(realm, "password-reset-sent", "success").account(accountId).actor(actor).reason(reason.text()).record();
        return true;
    }

    /**
     * Signs the account out of every browser on every node and revokes its refresh tokens: a support action means
     * "this person is signed out".
     */
    public boolean endSessions(String realm, String accountId, String actor, StaffReason reason) {
        if (!exists(realm, accountId)) {
            return false;
        }
        int revoked = sessions.signOutEverywhere(realm, accountId, SsoSessionEnded.Reason.SUPPORT_ACTION);
        audit.event(realm, "sessions-ended", "success").account(accountId).actor(actor)
                .reason(reason.text() + " (" + revoked
                        + " token families revoked)").record();
        return true;
    }

    private boolean exists(String realm, String accountId) {
        return realms.find(realm).isPresent() && accounts.findById(realm, accountId).isPresent();
    }
}
