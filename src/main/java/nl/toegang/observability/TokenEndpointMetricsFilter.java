package nl.toegang.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts token endpoint answers by grant type and outcome ({@code toegang.tokens}). Labels come from a fixed set,
 * so a caller cannot blow up the number of time series by sending odd grant types.
 */
public class TokenEndpointMetricsFilter extends OncePerRequestFilter {
    private static final List<String> LABELS = List.of("authorization_code", "refresh_token", "client_credentials",
            "other");

    /** Every (grant type, outcome) counter, registered once: a registry lookup per request showed in profiles. */
    private final Map<String, Counter> counters = new HashMap<>();

    public TokenEndpointMetricsFilter(MeterRegistry registry) {
        for (String label : LABELS) {
            for (String outcome : List.of("issued", "refused")) {
                counters.put(label + "/" + outcome, Counter.builder("toegang.tokens")
                        .description("Token endpoint answers by grant type and outcome")
                        .tag("grant_type", label).tag("outcome", outcome)
                        .register(registry));
            }
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && request.getRequestURI().endsWith("/oauth2/token"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        String grant = request.getParameter("grant_type");
        String label = grant != null && LABELS.contains(grant) ? grant : "other";
        String outcome = response.getStatus() == 200 ? "issued" : "refused";
        counters.get(label + "/" + outcome).increment();
    }
}
