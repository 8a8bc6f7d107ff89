package nl.toegang.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Servlet filters for correlation ids and token metrics, outside the security chains so they see everything. */
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
}
