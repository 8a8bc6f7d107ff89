package nl.toegang.outage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.correlation.CorrelationIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Turns "the database or Redis cannot be reached" into a 503 with {@code Retry-After}, wherever in the request it
 * happened: in a controller, in a security filter, or while the session is saved after the controller. It wraps the
 * whole filter chain (registered right after the correlation id filter, before any session repository filter), so
 * nothing thrown later escapes it. Browsers get a realm-styled page, protocol clients an OAuth error
 * ({@code temporarily_unavailable}); neither shows an exception, host name or SQL.
 *
 * <p>Nothing is retried here and nothing is let through: the request that met the outage did not complete, which is
 * what "fail closed" means for a login (no throttle check, no login). When the response was already sent in part
 * there is nothing left to replace; the exception then goes on to the container as before.
 */
public class DependencyOutageFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(DependencyOutageFilter.class);
    static final String METRIC = "toegang.dependency.outages";

    private final OutageResponses responses;
    private final MeterRegistry registry;

    public DependencyOutageFilter(OutageResponses responses, MeterRegistry registry) {
        this.responses = responses;
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException failure) {
            Optional<Dependency> dependency = DependencyFailures.classify(failure);
            if (dependency.isEmpty()) {
                throw failure;
            }
            if (response.isCommitted()) {
                log.warn("{} unavailable after the response was committed; cannot answer 503 ({})",
                        dependency.get().label(), failure.getClass().getName());
                throw failure;
            }
            // The exception text can name hosts and ports; the class is enough to tell the cases apart in a log.
            log.warn("{} unavailable: answering 503 ({})", dependency.get().label(), summary(failure));
            Counter.builder(METRIC).description("Requests answered 503 because a backing service was unreachable")
                    .tag("dependency", dependency.get().label()).register(registry).increment();
            response.reset();
            String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
            if (correlationId != null) {
                response.setHeader(CorrelationIdFilter.HEADER, correlationId);
            }
            responses.write(request, response);
        }
    }

    private static String summary(Throwable failure) {
        StringBuilder chain = new StringBuilder(failure.getClass().getSimpleName());
        int depth = 0;
        for (Throwable t = failure.getCause(); t != null && depth < 5; t = t.getCause(), depth++) {
            chain.append(" < ").append(t.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
