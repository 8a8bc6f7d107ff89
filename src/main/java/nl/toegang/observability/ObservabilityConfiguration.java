package nl.toegang.observability;

import nl.toegang.correlation.CorrelationIdFilter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.core.Ordered;

/**
 * Servlet filters for correlation ids and token metrics, outside the security chains so they see everything; and no
 * Spring Security observations.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    @Bean
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        var registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<TokenEndpointMetricsFilter> tokenEndpointMetricsFilter(MeterRegistry registry) {
        var registration = new FilterRegistrationBean<>(new TokenEndpointMetricsFilter(registry));
        registration.addUrlPatterns("/realms/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * Spring Security would otherwise wrap every filter of every chain, each authentication and each authorization
     * in a Micrometer observation: a dozen observations per request, about a sixth of the CPU of a client-credentials
     * token request in a profile, for timers nobody reads. Request latency stays measured once per request
     * ({@code http.server.requests}), and logins, lockouts, MFA and tokens have their own counters.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
