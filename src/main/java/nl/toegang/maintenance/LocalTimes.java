package nl.toegang.maintenance;

import nl.toegang.config.LocalTimeProperties;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as people read them: in the configured zone (Europe/Amsterdam) and the page's language. An end time today
 * is just the hour ("tot 07:00 uur"); another day names the day too ("tot vrijdag 5 december 07:00 uur"), and the
 * year when it is not this year.
 */
@Component
public class LocalTimes {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM");
    private static final DateTimeFormatter DAY_AND_YEAR = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy");

    private final LocalTimeProperties properties;
    private final MessageSource messages;
    private final Clock clock;

    public LocalTimes(LocalTimeProperties properties, MessageSource messages, Clock clock) {
        this.properties = properties;
        this.messages = messages;
        this.clock = clock;
    }

    /** "Expected to last until 07:00." or the same with the day when the end is not today (in the zone). */
    public String expectedEnd(Instant end, Locale locale) {
        return messages.getMessage("maintenance.expectedEnd", new Object[]{when(end, locale)}, locale);
    }

    /**
     * "Problems since 14:03." or the same with the day when it did not start today (in the zone): when a disruption
     * this node knows of began.
     */
    public String disruptedSince(Instant start, Locale locale) {
        return messages.getMessage("status.disruptedSince", new Object[]{when(start, locale)}, locale);
    }

    private String when(Instant instant, Locale locale) {
        ZonedDateTime local = instant.atZone(properties.zone());
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        DateTimeFormatter day = local.getYear() == today.getYear() ? DAY : DAY_AND_YEAR;
        return local.toLocalDate().equals(today) ? TIME.withLocale(locale).format(local)
                : day.withLocale(locale).format(local) + " " + TIME.withLocale(locale).format(local);
    }

    /** The local wall-clock time of {@code instant} with seconds, e.g. "14:03:12", for "last checked". */
    public String timeOfDay(Instant instant, Locale locale) {
        return TIME_SECONDS.withLocale(locale).format(instant.atZone(properties.zone()));
    }

    /** The local date of {@code instant}, e.g. "vrijdag 5 december". */
    public String day(Instant instant, Locale locale) {
        return DAY.withLocale(locale).format(instant.atZone(properties.zone()));
    }
}
