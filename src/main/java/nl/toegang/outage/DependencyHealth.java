package nl.toegang.outage;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Readiness of one dependency ({@code database}, {@code redis}), named after it so the probe output on the
 * management port says where to look. While its breaker is open the answer is DOWN at once, with the instant this
 * node found out ({@code since}); otherwise the dependency is checked, and a failed check has the breaker probe it
 * at once (a connection attempt that failed has already opened it). Nothing
 * is logged here: a probe every few seconds during an outage would repeat what the breaker said once.
 */
public final class DependencyHealth implements HealthIndicator {
    private final DependencyBreaker breaker;
    private final Check check;

    /** A check of the dependency now; its exception text is never shown. */
    @FunctionalInterface
    public interface Check {
        Health.Builder run() throws Exception;
    }

    public DependencyHealth(DependencyBreaker breaker, Check check) {
        this.breaker = breaker;
        this.check = check;
    }

    @Override
    public Health health() {
        if (breaker.isOpen()) {
            return down();
        }
        Health.Builder answer;
        try {
            answer = check.run();
        } catch (Exception unreachable) {
            breaker.probeSoon();
            return down();
        }
        Health health = answer.build();
        if (!Status.UP.equals(health.getStatus())) {
            breaker.probeSoon();
        }
        return health;
    }

    private Health down() {
        Health.Builder down = Health.down();
        breaker.downSince().ifPresent(since -> down.withDetail("since", since.toString()));
        return down.build();
    }
}
