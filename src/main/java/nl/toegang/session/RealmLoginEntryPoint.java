package nl.toegang.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmPaths;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sends an unauthenticated browser to the login page of the realm it was trying to use.
 *
 * <p>An authorization request from a browser that sent no cookie at all may come from one that blocks cookies: the
 * session that saves the request will not reach the login page. Such a login page gets the request in its URL
 * ({@code resume}), so the page that explains how to allow cookies can offer to start this same request again. The
 * login page accepts {@code resume} only as a relative URL of this realm's own authorize endpoint (web.ResumeTarget),
 * and the endpoint checks client, redirect URI and PKCE again, so the parameter can send the browser nowhere else.
 */
public class RealmLoginEntryPoint implements AuthenticationEntryPoint {
    /** web.ResumeTarget's limit: a longer request would be dropped there anyway. */
    private static final int MAX_RESUME = 4000;

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        var realm = RealmPaths.realmName(request);
        if (realm.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String context = request.getContextPath();
        String login = context + "/realms/" + realm.get() + "/login";
        String authorize = context + "/realms/" + realm.get() + "/oauth2/authorize";
        String query = request.getQueryString();
        boolean noCookies = request.getCookies() == null || request.getCookies().length == 0;
        if (noCookies && query != null && authorize.equals(request.getRequestURI())
                && authorize.length() + 1 + query.length() <= MAX_RESUME) {
            login += "?resume=" + URLEncoder.encode(authorize + "?" + query, StandardCharsets.UTF_8);
        }
        response.sendRedirect(login);
    }
}
