package nl.toegang.oidc;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;

/** Runs {@link UiLocalesFilter} before the security chain, which answers the authorization request with a redirect. */
@Configuration(proxyBeanMethods = false)
public class UiLocalesConfiguration {

    @Bean
    FilterRegistrationBean<UiLocalesFilter> uiLocalesFilter(LocaleResolver locales) {
        var registration = new FilterRegistrationBean<>(new UiLocalesFilter(locales));
        registration.addUrlPatterns("/realms/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
