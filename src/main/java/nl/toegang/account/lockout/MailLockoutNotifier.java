package nl.toegang.account.lockout;

import nl.toegang.lockout.LockoutNotifier;
import nl.toegang.lockout.AccountLockedOut;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.config.PublicUrl;
import nl.toegang.mail.MailRequest;
import nl.toegang.mail.MailTimes;
import nl.toegang.mail.Mailer;
import nl.toegang.realm.RealmRegistry;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Emails the account holder a {@code lockout-notice}: what happened, when, from which IP, until when, and how to get
 * back in (reset the password from the sign-in page). Queued through the {@link Mailer} outbox, so a slow or broken
 * mail server never delays the login response. Nothing is sent for a lockout of an address without an account.
 */
@Component
public class MailLockoutNotifier implements LockoutNotifier {
    private final AccountRepository accounts;
    private final RealmRegistry realms;
    private final Mailer mailer;
    private final PublicUrl publicUrl;
    private final MailTimes times;

    public MailLockoutNotifier(AccountRepository accounts, RealmRegistry realms, Mailer mailer, PublicUrl publicUrl,
                               MailTimes times) {
        this.accounts = accounts;
        this.realms = realms;
        this.mailer = mailer;
        this.publicUrl = publicUrl;
        this.times = times;
    }

    @Override
    public void notifyLockedOut(AccountLockedOut event) {
        // An unknown address locks like an account, but there is nobody to tell.
        Optional<Account> found = event.accountId().flatMap(id -> accounts.findById(event.realm(), id));
        if (found.isEmpty()) {
            return;
        }
        Account account = found.get();
        Locale locale = Locale.forLanguageTag(account.locale() == null ? "nl" : account.locale());
        Map<String, Object> model = new HashMap<>();
        model.put("realmName", realms.require(event.realm()).displayName());
        model.put("when", times.format(event.at(), locale));
        model.put("ip", event.ip());
        model.put("disabled", event.disabled());
        event.lockedUntil().ifPresent(until -> model.put("until", times.format(until, locale)));
        model.put("loginUrl", publicUrl.issuer(event.realm()) + "/login");
        mailer.send(new MailRequest(event.realm(), account.email(), locale, "lockout-notice", model, false));
    }
}
