package nl.toegang.outage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Marker;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps an outage from drowning the log. While a dependency is down its breaker has said so in one line (and will say
 * when it is back); what every request, probe and background loop would add is counted instead
 * ({@code toegang.dependency.suppressed.logs}):
 * <ul>
 *   <li>client libraries narrating their reconnects (Lettuce's reconnect attempts and successes, Hikari's validation
 *       of connections the outage broke): never logged, always counted;</li>
 *   <li>a library's warning or error that carries an exception which is an outage of a dependency
 *       ({@link DependencyFailures}) (a template that could not read the session, a rollback on a lost
 *       connection): counted and dropped while that dependency's breaker is open; before it is (the first moments
 *       of an outage, or one connection that broke) it is logged as one line with the exception classes instead of
 *       a stack trace;</li>
 *   <li>Toegang's own warnings and errors with such an exception (work that was lost, such as a registration
 *       completed in the background) keep their line, without the stack trace.</li>
 * </ul>
 * Everything else, also a warning about a dependency without an outage exception, passes untouched.
 */
final class OutageLogFilter extends TurboFilter {
    private static final String FQCN = OutageLogFilter.class.getName();
    private static final String OWN_LOGGERS = "nl.toegang.";

    private final DependencyBreakers breakers;
    private final Map<Dependency, Counter> suppressed = new EnumMap<>(Dependency.class);

    OutageLogFilter(DependencyBreakers breakers, MeterRegistry registry) {
        this.breakers = breakers;
        for (Dependency dependency : Dependency.values()) {
            suppressed.put(dependency, Counter.builder("toegang.dependency.suppressed.logs")
                    .description("Log lines about an unreachable dependency left out of the log")
                    .tag("dependency", dependency.label()).register(registry));
        }
        setName("toegang-outage-log-filter");
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (format == null || !level.isGreaterOrEqual(Level.INFO)) {
            return FilterReply.NEUTRAL;   // the cheap path for every disabled debug statement
        }
        Optional<Dependency> chatter = libraryChatter(logger.getName(), level, format);
        if (chatter.isPresent()) {
            suppressed.get(chatter.get()).increment();
            return FilterReply.DENY;
        }
        if (!level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        boolean trailing = t == null && params != null && params.length > 0
                && params[params.length - 1] instanceof Throwable;
        Throwable failure = t != null ? t : trailing ? (Throwable) params[params.length - 1] : null;
        Optional<Dependency> dependency = failure == null ? Optional.empty() : DependencyFailures.classify(failure);
        if (dependency.isEmpty()) {
            return FilterReply.NEUTRAL;
        }
        boolean ours = logger.getName().startsWith(OWN_LOGGERS);
        if (!ours) {
            suppressed.get(dependency.get()).increment();
        }
        if (ours || !breakers.breaker(dependency.get()).isOpen()) {
            // Toegang's own lines say what was lost (a registration, a mail), and a library's line before the
            // outage is known says what happened first: the line stays, its stack trace does not.
            Object[] args = params == null ? new Object[0]
                    : trailing ? Arrays.copyOf(params, params.length - 1) : params.clone();
            args = Arrays.copyOf(args, args.length + 1);
            args[args.length - 1] = DependencyFailures.summary(failure);
            logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level), format + " [{}]", args, null);
        }
        return FilterReply.DENY;
    }

    /** Adds the filter to Logback (when Logback is the logging system); the returned handle removes it again. */
    static AutoCloseable install(DependencyBreakers breakers, MeterRegistry registry) {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)) {
            return () -> { };
        }
        OutageLogFilter filter = new OutageLogFilter(breakers, registry);
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        return () -> {
            context.getTurboFilterList().remove(filter);
            filter.stop();
        };
    }

    /** Messages of client libraries that only ever narrate a dependency being away or coming back. */
    static Optional<Dependency> libraryChatter(String logger, Level level, String format) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return Optional.empty();
        }
        if (logger.equals("io.lettuce.core.protocol.ConnectionWatchdog")
                || logger.equals("io.lettuce.core.protocol.ReconnectionHandler")) {
            return Optional.of(Dependency.REDIS);
        }
        if (logger.equals("com.zaxxer.hikari.pool.PoolBase") && format.contains("Failed to validate connection")
                || logger.equals("com.zaxxer.hikari.pool.ProxyConnection") && format.contains("marked as broken")) {
            return Optional.of(Dependency.DATABASE);
        }
        return Optional.empty();
    }
}
