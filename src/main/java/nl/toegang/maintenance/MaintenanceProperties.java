package nl.toegang.maintenance;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;

/**
 * How maintenance and status pages show times ({@code toegang.maintenance.*}).
 *
 * @param zone the time zone people read times in (default {@code Europe/Amsterdam}); times are stored and sent to
 *             programs in UTC, but a person is told "until 07:00" in the time of the clock on their wall
 */
@ConfigurationProperties("toegang.maintenance")
public record MaintenanceProperties(ZoneId zone) {

    public MaintenanceProperties {
        zone = zone == null ? ZoneId.of("Europe/Amsterdam") : zone;
    }
}
