package nl.toegang.outage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.config.PublicUrl;
import nl.toegang.realm.LoginTexts;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.pages.LocaleConfiguration;
import nl.toegang.pages.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.UriComponentsBuilder;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 503 itself: an OAuth error body for protocol endpoints and API callers, the "temporarily unavailable" page for
 * people. Rendered straight from the template engine, outside Spring MVC, so it needs neither the session nor the
 * database (realms come from the files in memory).
 *
 * <p>A silent authorization request ({@code prompt=none}, a portal checking for a session in a hidden frame) gets no
 * page, which nobody would see: it goes back to the client's redirect URI with {@code error=temporarily_unavailable},
 * its {@code state} and {@code iss} (RFC 9207), as other authorization errors do, but only when the redirect URI is
 * registered, exactly, for that client in the realm file; anything else keeps the page (never an open redirect).
 */
public class OutageResponses {
    private static final Logger log = LoggerFactory.getLogger(OutageResponses.class);

    /** Endpoints whose callers are programs: everything under oauth2/ except the browser's authorize request. */
    private static final Pattern PROTOCOL = Pattern.compile(
            "^(/realms/[^/]+)?/(oauth2/(?!authorize$).+|userinfo|\\.well-known/.+)$|^/admin/.*$");
    /** Pages of a realm that live in its session; the status page does not, it is answered from memory. */
    private static final Pattern REALM_PAGE = Pattern.compile("^/realms/[^/]+/(?!status$).+$");
    private static final Pattern AUTHORIZE = Pattern.compile("^/realms/([^/]+)/oauth2/authorize$");
    static final String SILENT_ERROR_DESCRIPTION = "The sign-in service is temporarily unavailable";
    static final String TEMPLATE = "error/unavailable";
    static final String OAUTH_ERROR = "{\"error\":\"temporarily_unavailable\","
            + "\"error_description\":\"The service is temporarily unavailable. Try again later.\"}";

    private final ITemplateEngine templates;
    private final RealmRegistry realms;
    private final LocaleResolver locales;
    private final OutageProperties properties;
    private final PublicUrl publicUrl;

    public OutageResponses(ITemplateEngine templates, RealmRegistry realms, LocaleResolver locales,
                           OutageProperties properties, PublicUrl publicUrl) {
        this.templates = templates;
        this.realms = realms;
        this.locales = locales;
        this.properties = properties;
        this.publicUrl = publicUrl;
    }

    /** Writes the whole 503 (or the silent authorization request's error redirect) on a reset, uncommitted response. */
    public void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        Optional<String> silent = silentAuthorizationError(request);
        if (silent.isPresent()) {
            response.setStatus(HttpServletResponse.SC_FOUND);
            response.setHeader("Location", silent.get());
            response.setHeader("Referrer-Policy", "no-referrer");
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Long.toString(properties.retryAfterSeconds()));
        if (wantsJson(request)) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(OAUTH_ERROR);
            return;
        }
        response.setHeader("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String html;
        try {
            html = page(request, response);
        } catch (RuntimeException renderingFailed) {
            // The page must not fail in turn; a plain sentence in both languages still tells people what to do.
            log.warn("outage page could not be rendered ({})", renderingFailed.getClass().getName());
            html = "<!DOCTYPE html><html lang=\"nl\"><title>503</title><p>Inloggen is tijdelijk niet mogelijk. "
                    + "Probeer het over een paar minuten opnieuw.</p><p lang=\"en\">Signing in is temporarily not "
                    + "possible. Please try again in a few minutes.</p></html>";
        }
        response.getWriter().write(html);
    }

    /**
     * A person's page of a realm (asked for as HTML, not a protocol endpoint, not the status page): during a Redis
     * outage it cannot be served, since it needs the session.
     */
    boolean isSessionPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String accept = request.getHeader("Accept");
        return REALM_PAGE.matcher(path).matches() && !wantsJson(request)
                && accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    /**
     * For {@code prompt=none} at a realm's authorization endpoint, with a redirect URI the named client registered
     * exactly: that URI with the error, {@code state} (when given) and {@code iss}. Every parameter used must appear
     * once; a repeated one is not guessed at.
     */
    Optional<String> silentAuthorizationError(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher authorize = AUTHORIZE.matcher(path);
        if (!authorize.matches() || !"none".equals(single(request, "prompt")) || !publicUrl.isKnown()) {
            return Optional.empty();
        }
        String clientId = single(request, "client_id");
        String redirectUri = single(request, "redirect_uri");
        String[] states = request.getParameterValues("state");
        if (clientId == null || redirectUri == null || states != null && states.length != 1) {
            return Optional.empty();
        }
        String realm = authorize.group(1);
        boolean registered = realms.find(realm).flatMap(r -> r.client(clientId))
                .filter(client -> client.redirectUris().contains(redirectUri)).isPresent();
        if (!registered) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", "temporarily_unavailable");
        params.put("error_description", SILENT_ERROR_DESCRIPTION);
        if (states != null) {
            params.put("state", states[0]);
        }
        params.put("iss", publicUrl.issuer(realm));
        var location = UriComponentsBuilder.fromUriString(redirectUri);
        params.keySet().forEach(name -> location.queryParam(name, "{" + name + "}"));
        return Optional.of(location.encode().buildAndExpand(params).toUriString());
    }

    private static String single(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values != null && values.length == 1 ? values[0] : null;
    }

    static boolean wantsJson(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (PROTOCOL.matcher(path).matches()) {
            return true;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)
                && !accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    private String page(HttpServletRequest request, HttpServletResponse response) {
        Optional<RealmDefinition> realm = RealmPaths.realmName(request).flatMap(realms::find);
        Locale locale = locale(request);
        Map<String, Object> model = new HashMap<>();
        model.put("realmInfo", realm.orElse(null));
        model.put("supportContact", realm.flatMap(RealmDefinition::texts).flatMap(LoginTexts::support)
                .map(t -> t.in(locale.getLanguage())).orElse(null));
        model.put("retryAfterSeconds", properties.retryAfterSeconds());
        var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response);
        return templates.process(TEMPLATE, new WebContext(exchange, locale, model));
    }

    /** The page's language switch ({@code ?lang=}) first, then the usual cookie, browser or realm default. */
    private Locale locale(HttpServletRequest request) {
        String lang = request.getParameter("lang");
        for (Locale supported : LocaleConfiguration.SUPPORTED) {
            if (supported.getLanguage().equals(lang)) {
                return supported;
            }
        }
        return locales.resolveLocale(request);
    }
}
