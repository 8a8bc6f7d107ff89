package nl.toegang.maintenance;

import nl.toegang.config.PublicUrl;
import nl.toegang.realm.RealmRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

/**
 * The maintenance filter sits in front of Spring Security (order -100), so it also sees authorization requests. The
 * status page is answered before the session filter, inside the outage filter, so it needs no session.
 */
@Configuration(proxyBeanMethods = false)
public class MaintenanceConfiguration {

    @Bean
    FilterRegistrationBean<MaintenanceFilter> maintenanceFilter(MaintenanceState state,
                                                                PortalReturn portalReturn) {
        var registration = new FilterRegistrationBean<>(new MaintenanceFilter(state, portalReturn));
        registration.addUrlPatterns("/realms/*");
        // After Spring Session's filter: whether a browser is signed in is read from the (shared) session.
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 10);
        return registration;
    }

    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<StatusPageFilter> statusPageFilter(RealmRegistry realms, RealmStatusReport report,
                                                              LocalTimes times, ITemplateEngine templates,
                                                              LocaleResolver localeResolver, PublicUrl publicUrl,
                                                              JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new StatusPageFilter(realms, report, times, templates,
                localeResolver, publicUrl, json));
        registration.addUrlPatterns("/realms/*");
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 10);
        return registration;
    }
}
