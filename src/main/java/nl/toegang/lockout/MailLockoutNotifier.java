package nl.toegang.lockout;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.config.PublicUrl;
import nl.toegang.mail.MailRequest;
import nl.toegang.mail.Mailer;
import nl.toegang.realm.RealmRegistry;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Emails the account holder a {@code lockout-notice}: what happened, when, from which IP, until when, and how to get
 * back in (reset the password from the sign-in page). Queued through the {@link Mailer} outbox, so a slow or broken
 * mail server never delays the login response.
 */
@Component
public class MailLockoutNotifier implements LockoutNotifier {
    /** Times are shown in the zone of the (Dutch) service, with the zone named in the text. */
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private final AccountRepository accounts;
    private final RealmRegistry realms;
    private final Mailer mailer;
    private final PublicUrl publicUrl;

    public MailLockoutNotifier(AccountRepository accounts, RealmRegistry realms, Mailer mailer, PublicUrl publicUrl) {
        this.accounts = accounts;
        this.realms = realms;
        this.mailer = mailer;
        this.publicUrl = publicUrl;
    }

    @Override
    public void notifyLockedOut(AccountLockedOut event) {
        Optional<Account> found = accounts.findById(event.realm(), event.accountId());
        if (found.isEmpty()) {
            return;
        }
        Account account = found.get();
        Locale locale = Locale.forLanguageTag(account.locale() == null ? "nl" : account.locale());
        Map<String, Object> model = new HashMap<>();
        model.put("realmName", realms.require(event.realm()).displayName());
        model.put("when", format(event.at(), locale));
        model.put("ip", event.ip());
        model.put("disabled", event.disabled());
        event.lockedUntil().ifPresent(until -> model.put("until", format(until, locale)));
        model.put("loginUrl", publicUrl.issuer(event.realm()) + "/login");
        mailer.send(new MailRequest(event.realm(), account.email(), locale, "lockout-notice", model, false));
    }

    private static String format(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale).withZone(ZONE).format(instant);
    }
}
