package nl.toegang.outage;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The breakers of this node, one per {@link Dependency}, and the two background threads their probes run on (one
 * per dependency, so a database probe waiting for its connection timeout never delays a Redis probe). Closed with
 * the application.
 */
public final class DependencyBreakers implements AutoCloseable {
    private final Map<Dependency, DependencyBreaker> breakers = new EnumMap<>(Dependency.class);
    private final ScheduledThreadPoolExecutor probes;

    /** {@code probes}: how each dependency is checked while it is down; a dependency without one is never down. */
    public DependencyBreakers(Map<Dependency, DependencyBreaker.Probe> checks, Clock clock,
                              OutageProperties properties, MeterRegistry registry) {
        AtomicInteger threads = new AtomicInteger();
        this.probes = new ScheduledThreadPoolExecutor(Dependency.values().length, task -> {
            Thread thread = new Thread(task, "dependency-probe-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        probes.setRemoveOnCancelPolicy(true);
        for (Dependency dependency : Dependency.values()) {
            DependencyBreaker.Probe check = checks.getOrDefault(dependency, () -> true);
            breakers.put(dependency, new DependencyBreaker(dependency, check, clock, properties.probeInterval(),
                    probes, registry));
        }
    }

    public DependencyBreaker breaker(Dependency dependency) {
        return breakers.get(dependency);
    }

    public DependencyBreaker database() {
        return breakers.get(Dependency.DATABASE);
    }

    public DependencyBreaker redis() {
        return breakers.get(Dependency.REDIS);
    }

    /** The dependencies known to be down now, each with the instant this node found out; empty when all are up. */
    public Map<Dependency, Instant> outages() {
        Map<Dependency, Instant> down = new EnumMap<>(Dependency.class);
        breakers.forEach((dependency, breaker) -> breaker.downSince().ifPresent(since -> down.put(dependency, since)));
        return down;
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
