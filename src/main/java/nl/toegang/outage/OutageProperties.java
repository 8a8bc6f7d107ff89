package nl.toegang.outage;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How Toegang answers while the database or Redis cannot be reached ({@code toegang.outage.*}).
 *
 * @param retryAfter    sent as {@code Retry-After} with every 503 for an outage (default 10s, whole seconds, at least
 *                      1): about how long a Lettuce reconnect or a database failover takes, so clients do not hammer
 *                      a node that cannot serve them, nor wait much longer than needed
 * @param probeInterval while a dependency is known to be down, how often one probe checks whether it is back
 *                      (default 1s, at least 10ms); everything else is refused at once meanwhile. Shorter brings the
 *                      node back sooner after the outage, at the cost of a connection attempt per interval
 */
@Validated
@ConfigurationProperties("toegang.outage")
public record OutageProperties(@NotNull Duration retryAfter, @NotNull Duration probeInterval) {

    public OutageProperties {
        retryAfter = retryAfter == null ? Duration.ofSeconds(10) : retryAfter;
        probeInterval = probeInterval == null ? Duration.ofSeconds(1) : probeInterval;
        if (retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("toegang.outage.retry-after must be at least 1s");
        }
        if (probeInterval.toMillis() < 10) {
            throw new IllegalArgumentException("toegang.outage.probe-interval must be at least 10ms");
        }
    }

    public long retryAfterSeconds() {
        return retryAfter.toSeconds();
    }
}
