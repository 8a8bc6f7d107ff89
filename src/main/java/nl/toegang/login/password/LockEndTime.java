package nl.toegang.login.password;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * When a lock ends, as the login page says it: Dutch local time (the service is Dutch, whatever the browser's zone),
 * "14:35" on the same day, with the date ("27 November 14:35") when it ends on a later day.
 */
final class LockEndTime {
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    private LockEndTime() {
    }

    static String format(Instant end, Instant now, Locale locale) {
        ZonedDateTime local = end.atZone(ZONE);
        boolean sameDay = local.toLocalDate().equals(now.atZone(ZONE).toLocalDate());
        return DateTimeFormatter.ofPattern(sameDay ? "HH:mm" : "d MMMM HH:mm", locale).format(local);
    }
}
