package nl.toegang.pages;

import jakarta.servlet.http.HttpServletRequest;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Dutch and English. The choice made with the switch on a page ({@code ?lang=en}) is remembered in a cookie;
 * otherwise the browser's Accept-Language decides; otherwise the realm's default language.
 */
@Configuration(proxyBeanMethods = false)
public class LocaleConfiguration implements WebMvcConfigurer {
    public static final List<Locale> SUPPORTED = List.of(Locale.forLanguageTag("nl"), Locale.ENGLISH);

    private final RealmRegistry realms;

    public LocaleConfiguration(RealmRegistry realms) {
        this.realms = realms;
    }

    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("toegang-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        resolver.setCookieHttpOnly(true);
        resolver.setDefaultLocaleFunction(this::fromBrowserOrRealm);
        return resolver;
    }

    private Locale fromBrowserOrRealm(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") != null) {
            for (Locale wanted : Collections.list(request.getLocales())) {
                for (Locale supported : SUPPORTED) {
                    if (supported.getLanguage().equals(wanted.getLanguage())) {
                        return supported;
                    }
                }
            }
        }
        return RealmPaths.realmName(request).flatMap(realms::find)
                .map(r -> Locale.forLanguageTag(r.settings().defaultLocale()))
                .orElse(SUPPORTED.get(0));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }
}
