package nl.toegang.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/** Deletes audit events older than {@code toegang.audit.retention} (default 180 days), once an hour on every node. */
@Component
public class AuditRetention {
    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditLog audit;
    private final Properties properties;
    private final Clock clock;

    public AuditRetention(AuditLog audit, Properties properties, Clock clock) {
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public int purge() {
        int removed = audit.purgeBefore(clock.instant().minus(properties.retention()));
        if (removed > 0) {
            log.info("Removed {} audit events older than {}", removed, properties.retention());
        }
        return removed;
    }

    /** {@code toegang.audit.*}. */
    @ConfigurationProperties("toegang.audit")
    public record Properties(Duration retention) {
        public Properties {
            retention = retention == null ? Duration.ofDays(180) : retention;
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("toegang.audit.retention must be positive");
            }
        }
    }
}
