package nl.toegang.outage;

import io.micrometer.core.instrument.MeterRegistry;
import nl.toegang.config.PublicUrl;
import nl.toegang.realm.RealmRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;

/**
 * The outage filter runs right after the correlation id filter (so the 503 carries the request id) and before every
 * other filter, in particular a session repository filter (Spring Session's default order is
 * {@code HIGHEST_PRECEDENCE + 50}), whose failures while saving the session must end up here as well.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class OutageConfiguration {
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    @Bean
    OutageResponses outageResponses(ITemplateEngine templates, RealmRegistry realms, LocaleResolver localeResolver,
                                    OutageProperties properties, PublicUrl publicUrl) {
        return new OutageResponses(templates, realms, localeResolver, properties, publicUrl);
    }

    @Bean
    FilterRegistrationBean<DependencyOutageFilter> dependencyOutageFilter(OutageResponses responses,
                                                                          DependencyBreakers breakers,
                                                                          MeterRegistry registry) {
        var registration = new FilterRegistrationBean<>(new DependencyOutageFilter(responses, breakers, registry));
        registration.setOrder(ORDER);
        return registration;
    }
}
