package nl.toegang.mfa;

import nl.toegang.account.Account;
import nl.toegang.config.PublicUrl;
import nl.toegang.mail.MailRequest;
import nl.toegang.mail.Mailer;
import nl.toegang.mfa.recovery.RecoveryCodes;
import nl.toegang.realm.RealmDefinition;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Mails about second factors, each a template pair under templates/mail/. They never contain a code. */
@Component
public class MfaEmails {
    private final Mailer mailer;
    private final PublicUrl publicUrl;
    private final RecoveryCodes recoveryCodes;
    private final Clock clock;

    public MfaEmails(Mailer mailer, PublicUrl publicUrl, RecoveryCodes recoveryCodes, Clock clock) {
        this.mailer = mailer;
        this.publicUrl = publicUrl;
        this.recoveryCodes = recoveryCodes;
        this.clock = clock;
    }

    /** The right password was followed by so many wrong second-step codes that the second step is locked. */
    public void secondStepLocked(RealmDefinition realm, Account account) {
        Map<String, Object> model = new HashMap<>();
        model.put("realmName", realm.displayName());
        model.put("time", clock.instant().toString());
        model.put("forgotLink", publicUrl.issuer(realm.name()) + "/forgot");
        mailer.send(new MailRequest(realm.name(), account.email(), Locale.forLanguageTag(account.locale()),
                "second-factor-locked", model, false));
    }

    /** A recovery code of this account was used to sign in. */
    public void recoveryCodeUsed(RealmDefinition realm, Account account) {
        Map<String, Object> model = new HashMap<>();
        model.put("realmName", realm.displayName());
        model.put("time", clock.instant().toString());
        model.put("name", account.name());
        model.put("remaining", recoveryCodes.remaining(realm.name(), account.id()));
        model.put("accountLink", publicUrl.issuer(realm.name()) + "/account");
        mailer.send(new MailRequest(realm.name(), account.email(), Locale.forLanguageTag(account.locale()),
                "recovery-code-used", model, false));
    }
}
