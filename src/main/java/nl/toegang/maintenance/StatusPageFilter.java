package nl.toegang.maintenance;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.config.PublicUrl;
import nl.toegang.pages.LocaleConfiguration;
import nl.toegang.pages.SecurityHeaders;
import nl.toegang.realm.LoginTexts;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /realms/{realm}/status}: the public status of a realm's sign-in ({@link RealmStatusReport}), for people
 * (HTML) and for portal teams' monitoring (JSON with {@code Accept: application/json}; 503 when sign-in does not
 * work). It must answer exactly when the rest does not, so it is answered here, before the session, Spring Security
 * and Spring MVC: it reads no session (a person's session lives in Redis), writes none (no CSRF token), and asks the
 * database only for the maintenance setting, and not even that while the database is known to be down. The page is
 * the realm-styled template rendered straight from the template engine, with the realm's helpdesk line.
 */
public class StatusPageFilter extends OncePerRequestFilter {
    private static final Pattern STATUS = Pattern.compile("^/realms/([^/]+)/status$");

    private final RealmRegistry realms;
    private final RealmStatusReport report;
    private final LocalTimes times;
    private final ITemplateEngine templates;
    private final LocaleResolver locales;
    private final PublicUrl publicUrl;
    private final JsonMapper json;

    public StatusPageFilter(RealmRegistry realms, RealmStatusReport report, LocalTimes times, ITemplateEngine templates,
                            LocaleResolver locales, PublicUrl publicUrl, JsonMapper json) {
        this.realms = realms;
        this.report = report;
        this.times = times;
        this.templates = templates;
        this.locales = locales;
        this.publicUrl = publicUrl;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                || !STATUS.matcher(path(request)).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher status = STATUS.matcher(path(request));
        Optional<RealmDefinition> realm = status.matches() ? realms.find(status.group(1)) : Optional.empty();
        if (realm.isEmpty()) {
            chain.doFilter(request, response);   // an unknown realm: the usual 404 page
            return;
        }
        RealmStatusReport.Checked checked = report.check(realm.get());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String body;
        if (wantsJson(request)) {
            response.setStatus("ok".equals(checked.status().signIn()) ? 200 : 503);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            body = json.writeValueAsString(checked.status());
        } else {
            response.setStatus(200);
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setHeader("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY);
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "DENY");
            if (request.isSecure()) {
                response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
            }
            body = page(realm.get(), checked, request, response);
        }
        if (!"HEAD".equals(request.getMethod())) {
            response.getWriter().write(body);
        }
    }

    private String page(RealmDefinition realm, RealmStatusReport.Checked checked, HttpServletRequest request,
                        HttpServletResponse response) {
        Locale locale = locale(request, response);
        Map<String, Object> model = new HashMap<>();
        model.put("realmInfo", realm);
        model.put("supportContact", realm.texts().flatMap(LoginTexts::support).map(t -> t.in(locale.getLanguage()))
                .orElse(null));
        model.put("siteHost", publicUrl.isKnown() ? publicUrl.host() : null);
        model.put("status", checked.status());
        model.put("checkedAt", checked.checkedAt().toString());
        model.put("checkedTime", times.timeOfDay(checked.checkedAt(), locale));
        model.put("checkedDay", times.day(checked.checkedAt(), locale));
        checked.maintenance().ifPresent(m -> {
            model.put("maintenanceMessage", m.message(locale.getLanguage()));
            m.until().ifPresent(end -> model.put("maintenanceUntil", times.expectedEnd(end, locale)));
        });
        checked.disruptedSince().ifPresent(since -> {
            model.put("disruptedSince", since.toString());
            model.put("disruptedSinceText", times.disruptedSince(since, locale));
        });
        var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response);
        return templates.process("login/status", new WebContext(exchange, locale, model));
    }

    /** The language switch ({@code ?lang=}, remembered in the language cookie as on every page), else the usual. */
    private Locale locale(HttpServletRequest request, HttpServletResponse response) {
        String lang = request.getParameter("lang");
        for (Locale supported : LocaleConfiguration.SUPPORTED) {
            if (supported.getLanguage().equals(lang)) {
                locales.setLocale(request, response, supported);
                return supported;
            }
        }
        return locales.resolveLocale(request);
    }

    /** Monitoring asks for JSON; a browser (which also accepts anything) gets the page. */
    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)
                && !accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
