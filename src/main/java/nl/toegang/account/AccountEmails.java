package nl.toegang.account;

import nl.toegang.config.PublicUrl;
import nl.toegang.mail.MailRequest;
import nl.toegang.mail.Mailer;
import nl.toegang.realm.RealmDefinition;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The emails of the account capability, each a template pair under templates/mail/. */
@Component
public class AccountEmails {
    private final Mailer mailer;
    private final PublicUrl publicUrl;
    private final Clock clock;

    public AccountEmails(Mailer mailer, PublicUrl publicUrl, Clock clock) {
        this.mailer = mailer;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    public void verifyAddress(RealmDefinition realm, String to, String locale, String code, String linkToken,
                              Duration codeLifetime, boolean emailChange) {
        Map<String, Object> model = base(realm);
        model.put("code", code);
        model.put("link", publicUrl.issuer(realm.name()) + "/verify-email?token=" + linkToken);
        model.put("minutes", codeLifetime.toMinutes());
        send(realm, to, locale, emailChange ? "email-change-verify" : "verify-email", model, true);
    }

    /** Someone tried to register with an address that already has an account. */
    public void registrationAttemptForExistingAccount(RealmDefinition realm, Account account) {
        Map<String, Object> model = base(realm);
        model.put("forgotLink", publicUrl.issuer(realm.name()) + "/forgot");
        model.put("loginLink", publicUrl.issuer(realm.name()) + "/login");
        send(realm, account.email(), account.locale(), "registration-exists", model, false);
    }

    public void passwordReset(RealmDefinition realm, Account account, String token, Duration lifetime) {
        Map<String, Object> model = base(realm);
        model.put("name", account.name());
        model.put("link", publicUrl.issuer(realm.name()) + "/reset?token=" + token);
        model.put("minutes", lifetime.toMinutes());
        send(realm, account.email(), account.locale(), "password-reset", model, true);
    }

    public void passwordChanged(RealmDefinition realm, Account account) {
        Map<String, Object> model = base(realm);
        model.put("name", account.name());
        model.put("forgotLink", publicUrl.issuer(realm.name()) + "/forgot");
        send(realm, account.email(), account.locale(), "password-changed", model, false);
    }

    /** Tells the old address that the account now uses another one. */
    public void emailChanged(RealmDefinition realm, Account account, String oldAddress, String newAddress) {
        Map<String, Object> model = base(realm);
        model.put("name", account.name());
        model.put("newAddress", maskAddress(newAddress));
        send(realm, oldAddress, account.locale(), "email-changed", model, false);
    }

    /** Someone asked to move an account to an address that already belongs to another account of the realm. */
    public void addressAlreadyInUse(RealmDefinition realm, String to, String locale) {
        Map<String, Object> model = base(realm);
        model.put("loginLink", publicUrl.issuer(realm.name()) + "/login");
        send(realm, to, locale, "email-in-use", model, false);
    }

    private Map<String, Object> base(RealmDefinition realm) {
        Map<String, Object> model = new HashMap<>();
        model.put("realmName", realm.displayName());
        model.put("time", clock.instant().toString());
        return model;
    }

    private void send(RealmDefinition realm, String to, String locale, String template, Map<String, Object> model,
                      boolean secret) {
        mailer.send(new MailRequest(realm.name(), to, Locale.forLanguageTag(locale), template, model, secret));
    }

    /** a***@example.org: enough for the owner to recognise, not enough to learn a stranger's address. */
    static String maskAddress(String address) {
        int at = address.indexOf('@');
        return at <= 1 ? "***" + address.substring(Math.max(at, 0)) : address.charAt(0) + "***" + address.substring(at);
    }
}
