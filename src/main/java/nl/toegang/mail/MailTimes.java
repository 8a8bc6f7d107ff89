package nl.toegang.mail;

import nl.toegang.config.LocalTimeProperties;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Times in mails: in the service's local time zone, written the way the reader's language writes them. */
@Component
public class MailTimes {
    private final LocalTimeProperties localTime;
    private final MessageSource messages;

    public MailTimes(LocalTimeProperties localTime, MessageSource messages) {
        this.localTime = localTime;
        this.messages = messages;
    }

    /** E.g. "26 november 2026 om 02:15" (nl) or "November 26, 2026 at 2:15 AM" (en). */
    public String format(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale).withZone(localTime.zone()).format(instant);
    }

    /** What the reader calls that zone ("Dutch time", "Nederlandse tijd", "Japan Time"). */
    public String zoneName(Locale locale) {
        return localTime.zoneName(locale, messages.getMessage("time.zone.dutch", null, "Dutch time", locale));
    }
}
