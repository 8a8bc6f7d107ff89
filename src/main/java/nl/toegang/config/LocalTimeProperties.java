package nl.toegang.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The time zone people read times in ({@code toegang.local-time.zone}): the end of a lock on the login page, the end
 * of maintenance, "last checked" on the status page, sign-in times in the console and support pages, and times in
 * security mails. Stored and sent to programs in UTC; a person is told "until 07:00" in the time on their wall. One
 * setting, so no page and no mail says another time than the rest.
 *
 * @param zone any IANA zone id (default {@code Europe/Amsterdam}: the service is Dutch, whatever the browser's zone)
 */
@ConfigurationProperties("toegang.local-time")
public record LocalTimeProperties(ZoneId zone) {

    public LocalTimeProperties {
        zone = zone == null ? ZoneId.of("Europe/Amsterdam") : zone;
    }

    /**
     * The zone as a reader calls it: {@code dutchTime} (the page's words for "Dutch time") for Europe/Amsterdam, as
     * people name a clock by its country; otherwise the zone's own name in the reader's language ("Japan Time").
     */
    public String zoneName(Locale locale, String dutchTime) {
        return zone.getId().equals("Europe/Amsterdam") ? dutchTime : zone.getDisplayName(TextStyle.FULL, locale);
    }
}
