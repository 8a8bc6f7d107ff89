package nl.toegang.outage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this node knows about one dependency, as a small circuit breaker: <em>closed</em> (calls go through) or
 * <em>open</em> since an instant (calls are refused at once, so a request gets its 503 in milliseconds instead of
 * waiting for a connection timeout). While open, one probe every {@code probeInterval} (the half-open step, run on
 * a background thread, so no request waits for it) checks the dependency; the first probe that reaches it closes the
 * breaker. State is per node and in memory: each node finds out for itself, which is what a load balancer needs.
 *
 * <p>It opens on evidence, never on a guess: a connection attempt that failed ({@link #failed}) or a probe that did.
 * A request that met a failure while the breaker is closed only asks for a probe ({@link #probeSoon}): one broken
 * connection is not an outage. The log gets one line when the dependency goes down and one when it is back, with the
 * length of the outage; everything in between is counted.
 */
public final class DependencyBreaker {
    private static final Logger log = LoggerFactory.getLogger(DependencyBreaker.class);

    /** Checks whether the dependency answers now; false or an exception means it does not. */
    @FunctionalInterface
    public interface Probe {
        boolean reachable() throws Exception;
    }

    /** One outage as this node saw it: since when, and how many calls were refused at once meanwhile. */
    private record Down(Instant since, LongAdder refused) {
    }

    private final Dependency dependency;
    private final Probe probe;
    private final Clock clock;
    private final Duration probeInterval;
    private final ScheduledExecutorService probes;
    private final AtomicReference<Down> down = new AtomicReference<>();
    private ScheduledFuture<?> next;   // guarded by this
    private final Counter refusedCounter;
    private final Counter probesUp;
    private final Counter probesDown;

    DependencyBreaker(Dependency dependency, Probe probe, Clock clock, Duration probeInterval,
                      ScheduledExecutorService probes, MeterRegistry registry) {
        this.dependency = dependency;
        this.probe = probe;
        this.clock = clock;
        this.probeInterval = probeInterval;
        this.probes = probes;
        String label = dependency.label();
        Gauge.builder("toegang.dependency.up", this, b -> b.isOpen() ? 0 : 1)
                .description("1 while this node can reach the dependency, 0 while its breaker is open")
                .tag("dependency", label).register(registry);
        this.refusedCounter = Counter.builder("toegang.dependency.fast.failures")
                .description("Calls refused at once because the dependency is known to be down")
                .tag("dependency", label).register(registry);
        this.probesUp = probeCounter(registry, label, "up");
        this.probesDown = probeCounter(registry, label, "down");
    }

    private static Counter probeCounter(MeterRegistry registry, String label, String outcome) {
        return Counter.builder("toegang.dependency.probes").description("Checks of a dependency by its breaker")
                .tag("dependency", label).tag("outcome", outcome).register(registry);
    }

    public Dependency dependency() {
        return dependency;
    }

    /** True while the dependency is known to be down: callers should not try it. */
    public boolean isOpen() {
        return down.get() != null;
    }

    /** Since when the dependency is known to be down; empty while it is reachable. */
    public Optional<Instant> downSince() {
        return Optional.ofNullable(down.get()).map(Down::since);
    }

    /**
     * A connection attempt failed: the dependency is down. The first call opens the breaker (the one log line) and
     * starts probing; later calls change nothing.
     */
    public void failed(Throwable cause) {
        opened(cause);
        scheduleProbe(probeInterval);
    }

    private void opened(Throwable cause) {
        Down fresh = new Down(clock.instant(), new LongAdder());
        if (down.compareAndSet(null, fresh)) {
            log.warn("{} unreachable since {} ({}): answering 503 at once, probing every {} ms",
                    dependency.label(), fresh.since(), cause == null ? "probe failed" : DependencyFailures.summary(cause),
                    probeInterval.toMillis());
        }
    }

    /** A call was refused at once because the breaker is open. */
    public void refused() {
        refusedCounter.increment();
        Down current = down.get();
        if (current != null) {
            current.refused().increment();
        }
    }

    /**
     * Checks the dependency now rather than at the next interval: when a request met a failure while the breaker was
     * closed (is it an outage?), or when a client library reports that it reconnected (is it back?).
     */
    public void probeSoon() {
        scheduleProbe(Duration.ZERO);
    }

    /**
     * At most one probe is waiting or running. A probe wanted now replaces one that waits for its interval, so news
     * that the dependency may be back (a reconnect) is acted on at once.
     */
    private synchronized void scheduleProbe(Duration delay) {
        if (next != null && !next.isDone()) {
            boolean waiting = next.getDelay(TimeUnit.MILLISECONDS) > 0;
            if (!(delay.isZero() && waiting && next.cancel(false))) {
                return;
            }
        }
        try {
            next = probes.schedule(this::probe, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            next = null;
        }
    }

    private void probe() {
        synchronized (this) {
            next = null;   // this one runs: what it finds may schedule the next
        }
        Instant started = clock.instant();
        boolean reachable;
        Exception failure = null;
        try {
            reachable = probe.reachable();
        } catch (Exception unreachable) {
            reachable = false;
            failure = unreachable;
        }
        (reachable ? probesUp : probesDown).increment();
        if (reachable) {
            recovered();
            return;
        }
        opened(failure);
        // The interval counts from the start of this probe: a database probe waits up to the pool's connection timeout
        // itself, and one waiting is what takes the pool's first new connection the moment the database is back.
        Duration spent = Duration.between(started, clock.instant());
        scheduleProbe(spent.compareTo(probeInterval) >= 0 ? Duration.ZERO : probeInterval.minus(spent));
    }

    private void recovered() {
        Down ended = down.getAndSet(null);
        if (ended != null) {
            Duration length = Duration.between(ended.since(), clock.instant());
            log.info("{} reachable again after {} (down since {}; {} calls refused at once meanwhile)",
                    dependency.label(), seconds(length), ended.since(), ended.refused().sum());
        }
    }

    /** "12.3 s": the unit people read in a log line. */
    static String seconds(Duration length) {
        return String.format(Locale.ROOT, "%.1f s", Math.max(0, length.toMillis()) / 1000.0);
    }
}
