package nl.toegang.login.password;

import nl.toegang.config.LocalTimeProperties;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * When a lock ends, as the login page says it: in the service's local time (whatever the browser's zone), "14:35" on
 * the same day, with the date ("27 November 14:35") when it ends on a later day.
 */
@Component
class LockEndTime {
    private final LocalTimeProperties localTime;
    private final MessageSource messages;

    LockEndTime(LocalTimeProperties localTime, MessageSource messages) {
        this.localTime = localTime;
        this.messages = messages;
    }

    /** What the reader calls the zone of that time ("Dutch time"). */
    String zoneName(Locale locale) {
        return localTime.zoneName(locale, messages.getMessage("time.zone.dutch", null, "Dutch time", locale));
    }

    String format(Instant end, Instant now, Locale locale) {
        ZonedDateTime local = end.atZone(localTime.zone());
        boolean sameDay = local.toLocalDate().equals(now.atZone(localTime.zone()).toLocalDate());
        return DateTimeFormatter.ofPattern(sameDay ? "HH:mm" : "d MMMM HH:mm", locale).format(local);
    }
}
