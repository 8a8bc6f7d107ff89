package nl.toegang.mfa.login;

import nl.toegang.account.AccountRepository;
import nl.toegang.mfa.MfaEmails;
import nl.toegang.realm.RealmRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A used recovery code is a signal: either the person lost their phone, or someone else has their codes. It is
 * audited and the account's address is told, with the remaining count, so the owner can react either way.
 */
@Component
public class RecoveryCodeAlerts {
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final AccountRepository accounts;
    private final RealmRegistry realms;
    private final MfaEmails emails;

    public RecoveryCodeAlerts(AccountRepository accounts, RealmRegistry realms, MfaEmails emails) {
        this.accounts = accounts;
        this.realms = realms;
        this.emails = emails;
    }

    public void used(String realm, String accountId) {
        AUDIT.info("audit event=recovery-code-used realm={} account={}", realm, accountId);
        accounts.findById(realm, accountId).ifPresent(account ->
                emails.recoveryCodeUsed(realms.require(realm), account));
    }
}
