package nl.toegang.audit;

import nl.toegang.correlation.CorrelationIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes security events to the append-only {@code audit_event} table and as one structured log line each (for a
 * SIEM). Request details (IP, user agent, correlation id) are taken from the current request when there is one.
 */
@Service
public class AuditLog {
    private static final Logger log = LoggerFactory.getLogger("audit");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public AuditLog(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** Fluent start: {@code audit.event("portal", "lockout", "info").account(id).record()}. */
    public Builder event(String realm, String type, String outcome) {
        return new Builder(realm, type, outcome);
    }

    void write(AuditEvent e) {
        jdbc.sql("INSERT INTO audit_event (id, realm, occurred_at, type, outcome, account_id, client_id, actor, "
                        + "reason, ip, user_agent, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(e.id(), e.realm(), Timestamp.from(e.occurredAt()), e.type(), e.outcome(),
                        e.accountId().orElse(null), e.clientId().orElse(null), e.actor().orElse(null),
                        e.reason().orElse(null), e.ip().orElse(null), e.userAgent().orElse(null),
                        e.correlationId().orElse(null))
                .update();
        // One line per event for a SIEM; the free-text reason stays in the table only (it may name people).
        StringBuilder line = new StringBuilder("audit event=").append(e.type()).append(" realm=").append(e.realm());
        e.accountId().ifPresent(a -> line.append(" account=").append(a));
        e.actor().ifPresent(a -> line.append(" actor=").append(a));
        e.ip().ifPresent(a -> line.append(" ip=").append(a));
        e.clientId().ifPresent(c -> line.append(" client=").append(c));
        line.append(" outcome=").append(e.outcome());
        e.correlationId().ifPresent(c -> line.append(" correlationId=").append(c));
        log.info(line.toString());
        events.publishEvent(e); // for metrics (observability.SecurityEventMetrics)
    }

    /** Collects the optional parts of an event; request details are filled in automatically. */
    public final class Builder {
        private final String realm;
        private final String type;
        private final String outcome;
        private String accountId;
        private String clientId;
        private String actor;
        private String reason;
        private String ip;

        private Builder(String realm, String type, String outcome) {
            this.realm = realm;
            this.type = type;
            this.outcome = outcome;
        }

        public Builder account(String id) {
            this.accountId = id;
            return this;
        }

        public Builder client(String id) {
            this.clientId = id;
            return this;
        }

        public Builder actor(String who) {
            this.actor = who;
            return this;
        }

        public Builder reason(String why) {
            this.reason = why == null ? null : limit(why.replaceAll("[\\r\\n\\t]", " "), 500);
            return this;
        }

        public Builder ip(String address) {
            this.ip = address;
            return this;
        }

        public void record() {
            String userAgent = null;
            String requestIp = ip;
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
                var request = attributes.getRequest();
                userAgent = request.getHeader("User-Agent");
                if (requestIp == null) {
                    requestIp = request.getRemoteAddr();
                }
            }
            write(new AuditEvent(UUID.randomUUID().toString(), realm, clock.instant(), type, outcome,
                    Optional.ofNullable(accountId), Optional.ofNullable(clientId), Optional.ofNullable(actor),
                    Optional.ofNullable(reason), Optional.ofNullable(requestIp),
                    Optional.ofNullable(userAgent).map(u -> limit(u, 200)),
                    Optional.ofNullable(MDC.get(CorrelationIdFilter.MDC_KEY))));
        }
    }

    private static String limit(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    /** Deletes events older than {@code cutoff}; returns how many. */
    public int purgeBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM audit_event WHERE occurred_at < ?").param(Timestamp.from(cutoff)).update();
    }
}
