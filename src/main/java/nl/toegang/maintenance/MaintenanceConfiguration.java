package nl.toegang.maintenance;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;

/** The maintenance filter sits in front of Spring Security (order -100), so it also sees authorization requests. */
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
}
