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
    private static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token",
            "client_credentials");
    private static final String OTHER = "other";

    /** The counters by grant type, registered once: a registry lookup per request showed in profiles. */
    private final Map<String, Counter> issued;
    private final Map<String, Counter> refused;

    public TokenEndpointMetricsFilter(MeterRegistry registry) {
        this.issued = counters(registry, "issued");
        this.refused = counters(registry, "refused");
    }

    private static Map<String, Counter> counters(MeterRegistry registry, String outcome) {
        Map<String, Counter> byGrantType = new HashMap<>();
        for (String label : GRANT_TYPES) {
            byGrantType.put(label, counter(registry, label, outcome));
        }
        byGrantType.put(OTHER, counter(registry, OTHER, outcome));
        return byGrantType;
    }

    private static Counter counter(MeterRegistry registry, String grantType, String outcome) {
        return Counter.builder("toegang.tokens").description("Token endpoint answers by grant type and outcome")
                .tag("grant_type", grantType).tag("outcome", outcome).register(registry);
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
        String label = grant != null && GRANT_TYPES.contains(grant) ? grant : OTHER;
        (response.getStatus() == 200 ? issued : refused).get(label).increment();
    }
}
