package nl.toegang.console;

import nl.toegang.config.LocalTimeProperties;
import nl.toegang.pages.RealmPages;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** Plain-language words for what the console shows: scope names, audit event types, times. */
@Component
public class ConsoleTexts {
    private final RealmPages pages;
    /** Times are shown in the service's local time (toegang.local-time.zone), like every other page and mail. */
    private final LocalTimeProperties localTime;

    public ConsoleTexts(RealmPages pages, LocalTimeProperties localTime) {
        this.localTime = localTime;
        this.pages = pages;
    }

    /** "Your name" for {@code profile}; an unknown scope is shown as it is. */
    public String scope(String scope) {
        return wordOr("scope." + scope, scope);
    }

    /** What an audit event means to the account holder, e.g. "Signed in" or "Wrong password". */
    public String event(String type, String outcome) {
        String specific = "activity." + type + "." + outcome;
        String word = pages.message(specific);
        if (!word.equals(specific)) {
            return word;
        }
        return wordOr("activity." + type, pages.message("activity.other"));
    }

    /** How a login was done, from the factor names the audit trail keeps (e.g. "password, authenticator app"). */
    public String factors(String factorNames) {
        StringBuilder words = new StringBuilder();
        for (String factor : factorNames.split(" ")) {
            String key = "activity.factor." + factor;
            String word = pages.message(key);
            if (!word.equals(key)) {
                words.append(words.isEmpty() ? "" : ", ").append(word);
            }
        }
        return words.toString();
    }

    /** A fixed phrase of the console in the page's language. */
    public String phrase(String key) {
        return pages.message(key);
    }

    public String when(Instant instant) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(LocaleContextHolder.getLocale()).withZone(localTime.zone()).format(instant);
    }

    private String wordOr(String key, String fallback) {
        String word = pages.message(key);
        return word.equals(key) ? fallback : word;
    }
}
