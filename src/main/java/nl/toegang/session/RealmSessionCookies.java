package nl.toegang.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One session cookie per realm ({@value #COOKIE}, path {@code /realms/{realm}}), so each realm has its own HTTP
 * session: its own idle and absolute timeout, its own {@code sid}, and one subject to index it by. Pages outside the
 * realms (the mock DigiD, error pages) use {@value #SITE_COOKIE} on {@code /}; a different name, because the browser
 * would send a same-named {@code /} cookie to realm paths too.
 */
public class RealmSessionCookies implements HttpSessionIdResolver {
    public static final String COOKIE = "TOEGANG_SESSION";
    public static final String SITE_COOKIE = "TOEGANG_SITE_SESSION";

    private final Map<String, HttpSessionIdResolver> perRealm;
    private final HttpSessionIdResolver site;

    public RealmSessionCookies(RealmRegistry realms, boolean alwaysSecure) {
        this.perRealm = realms.all().stream().collect(Collectors.toUnmodifiableMap(r -> r.name(),
                r -> resolver(COOKIE, "/realms/" + r.name(), alwaysSecure)));
        this.site = resolver(SITE_COOKIE, "/", alwaysSecure);
    }

    private static HttpSessionIdResolver resolver(String name, String path, boolean alwaysSecure) {
        var cookies = new DefaultCookieSerializer();
        cookies.setCookieName(name);
        cookies.setCookiePath(path);
        cookies.setUseHttpOnlyCookie(true);
        cookies.setSameSite("Lax");
        // The value is the session id itself, as with the servlet container's session cookie.
        cookies.setUseBase64Encoding(false);
        if (alwaysSecure) {
            cookies.setUseSecureCookie(true);
        }
        var resolver = new CookieHttpSessionIdResolver();
        resolver.setCookieSerializer(cookies);
        return resolver;
    }

    private HttpSessionIdResolver forRequest(HttpServletRequest request) {
        return RealmPaths.realmName(request).map(perRealm::get).orElse(site);
    }

    @Override
    public List<String> resolveSessionIds(HttpServletRequest request) {
        return forRequest(request).resolveSessionIds(request);
    }

    @Override
    public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        forRequest(request).setSessionId(request, response, sessionId);
    }

    @Override
    public void expireSession(HttpServletRequest request, HttpServletResponse response) {
        forRequest(request).expireSession(request, response);
    }
}
