package nl.toegang.mail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Times in mails: in the zone of the (Dutch) service, written the way the reader's language writes them. */
public final class MailTimes {
    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private MailTimes() {
    }

    /** E.g. "26 november 2026 om 02:15" (nl) or "November 26, 2026 at 2:15 AM" (en). */
    public static String format(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale).withZone(ZONE).format(instant);
    }
}
