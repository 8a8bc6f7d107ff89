package nl.toegang.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.pages.LocaleConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The portal knows which language its user reads: {@code ui_locales} on an authorization request (OIDC Core §3.1.2.1,
 * space-separated, in order of preference) chooses the language of the pages that follow, ahead of the browser's
 * Accept-Language. It is stored as if the person had used the language switch, so the sign-in pages, the mails sent
 * during them and a registration's preferred language follow it; the switch on any page still wins afterwards.
 * Languages Toegang does not have are skipped, as the spec asks ("not an error").
 */
public class UiLocalesFilter extends OncePerRequestFilter {
    private final LocaleResolver locales;

    public UiLocalesFilter(LocaleResolver locales) {
        this.locales = locales;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().endsWith("/oauth2/authorize") || request.getParameter("ui_locales") == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        firstSupported(request.getParameter("ui_locales"))
                .ifPresent(locale -> locales.setLocale(request, response, locale));
        chain.doFilter(request, response);
    }

    /** The first of the portal's languages Toegang has; {@code en-GB} counts as English. */
    static Optional<Locale> firstSupported(String uiLocales) {
        for (String tag : uiLocales.trim().split("\\s+")) {
            if (tag.isEmpty() || tag.length() > 35) {
                continue;
            }
            String language = Locale.forLanguageTag(tag).getLanguage();
            for (Locale supported : LocaleConfiguration.SUPPORTED) {
                if (supported.getLanguage().equals(language)) {
                    return Optional.of(supported);
                }
            }
        }
        return Optional.empty();
    }
}
