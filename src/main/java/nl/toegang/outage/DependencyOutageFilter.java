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
 * <p>Once Redis is known to be down (its {@link DependencyBreaker} is open), a person's realm page is answered with
 * the 503 here at once, before the session filter: the page would only fail on its session, and a template that
 * fails half-way logs a stack trace. A failure met while a breaker is closed asks it to probe; only then is the
 * request logged (one line without stack trace): once the outage is known, the breaker has said it and the 503s are
 * counted ({@code toegang.dependency.outages}).
 *
 * <p>Nothing is retried here and nothing is let through: the request that met the outage did not complete, which is
 * what "fail closed" means for a login (no throttle check, no login). When the response was already sent in part
 * there is nothing left to replace; the exception then goes on to the container as before.
 */
public class DependencyOutageFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(DependencyOutageFilter.class);
    static final String METRIC = "toegang.dependency.outages";

    private final OutageResponses responses;
    private final DependencyBreakers breakers;
    private final MeterRegistry registry;

    public DependencyOutageFilter(OutageResponses responses, DependencyBreakers breakers, MeterRegistry registry) {
        this.responses = responses;
        this.breakers = breakers;
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (breakers.redis().isOpen() && responses.isSessionPage(request)) {
            breakers.redis().refused();
            answer(Dependency.REDIS, request, response);
            return;
        }
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
                breakers.breaker(dependency.get()).probeSoon();
                throw failure;
            }
            DependencyBreaker breaker = breakers.breaker(dependency.get());
            if (!breaker.isOpen()) {
                // The exception text can name hosts and ports; the classes are enough to tell the cases apart.
                log.warn("{} unavailable: answering 503 ({})", dependency.get().label(),
                        DependencyFailures.summary(failure));
                breaker.probeSoon();
            }
            answer(dependency.get(), request, response);
        }
    }

    private void answer(Dependency dependency, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Counter.builder(METRIC).description("Requests answered 503 because a backing service was unreachable")
                .tag("dependency", dependency.label()).register(registry).increment();
        response.reset();
        String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
        if (correlationId != null) {
            response.setHeader(CorrelationIdFilter.HEADER, correlationId);
        }
        responses.write(request, response);
    }
}
