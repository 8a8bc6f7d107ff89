package nl.toegang.login.secondfactor;

import nl.toegang.account.AccountRepository;
import nl.toegang.audit.AuditLog;
import nl.toegang.lockout.Authenticator;
import nl.toegang.mfa.MfaEmails;
import nl.toegang.realm.RealmRegistry;
import org.springframework.stereotype.Component;

/**
 * Second-step events the owner must hear about, each audited and mailed: a used recovery code (lost phone, or
 * someone else has the codes), and a lockout of the second step (someone who knows the password is guessing codes).
 * A single wrong code is audited only.
 */
@Component
public class SecondStepAlerts {
    private final AccountRepository accounts;
    private final RealmRegistry realms;
    private final MfaEmails emails;
    private final AuditLog audit;

    public SecondStepAlerts(AccountRepository accounts, RealmRegistry realms, MfaEmails emails, AuditLog audit) {
        this.accounts = accounts;
        this.realms = realms;
        this.emails = emails;
        this.audit = audit;
    }

    public void failed(String realm, String accountId, Authenticator authenticator) {
        audit.event(realm, "second-factor", "failure").account(accountId).reason(authenticator.name()).record();
    }

    public void secondStepLocked(String realm, String accountId, Authenticator authenticator) {
        audit.event(realm, "second-factor-lockout", "info").account(accountId).reason(authenticator.name()).record();
        accounts.findById(realm, accountId).ifPresent(account ->
                emails.secondStepLocked(realms.require(realm), account));
    }

    public void used(String realm, String accountId) {
        audit.event(realm, "recovery-code-used", "success").account(accountId).record();
        accounts.findById(realm, accountId).ifPresent(account ->
                emails.recoveryCodeUsed(realms.require(realm), account));
    }
}
