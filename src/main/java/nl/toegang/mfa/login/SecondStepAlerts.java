package nl.toegang.mfa.login;

import nl.toegang.account.AccountRepository;
import nl.toegang.lockout.Authenticator;
import nl.toegang.mfa.MfaEmails;
import nl.toegang.realm.RealmRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Second-step events the owner must hear about, each audited and mailed: a used recovery code (lost phone, or
 * someone else has the codes), and a lockout of the second step (someone who knows the password is guessing codes).
 */
@Component
public class SecondStepAlerts {
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final AccountRepository accounts;
    private final RealmRegistry realms;
    private final MfaEmails emails;

    public SecondStepAlerts(AccountRepository accounts, RealmRegistry realms, MfaEmails emails) {
        this.accounts = accounts;
        this.realms = realms;
        this.emails = emails;
    }

    public void secondStepLocked(String realm, String accountId, Authenticator authenticator) {
        AUDIT.info("audit event=second-factor-lockout realm={} account={} authenticator={}", realm, accountId,
                authenticator);
        accounts.findById(realm, accountId).ifPresent(account ->
                emails.secondStepLocked(realms.require(realm), account));
    }

    public void used(String realm, String accountId) {
        AUDIT.info("audit event=recovery-code-used realm={} account={}", realm, accountId);
        accounts.findById(realm, accountId).ifPresent(account ->
                emails.recoveryCodeUsed(realms.require(realm), account));
    }
}
