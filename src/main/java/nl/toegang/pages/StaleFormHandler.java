package nl.toegang.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmPaths;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A form posted with a missing or outdated CSRF token is nearly always a person, not an attack: a tab left open
 * overnight, the back button, a double submit, cookies cleared mid-flow, a login in another tab. Instead of a bare
 * 403 they are sent back to the same page with a short explanation ({@code ?expired}); a login form also passes on
 * the authorization request it was continuing ({@code resume}, checked by {@link ResumeTarget}), so the login still
 * ends at the client. Nothing else from the refused POST is used.
 *
 * <p>When the browser sent no cookie at all, one POST cannot tell "cookies were cleared" from "cookies are blocked",
 * so a test cookie is set and the browser is sent to {@link CookiesRequiredController#check}: it comes back only when
 * cookies work.
 */
public class StaleFormHandler implements AccessDeniedHandler {
    static final String CHECK_COOKIE = "TOEGANG_COOKIE_CHECK";

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        var realm = RealmPaths.realmName(request);
        if (!(denied instanceof CsrfException) || realm.isEmpty() || response.isCommitted()) {
            response.sendError(HttpStatus.FORBIDDEN.value());
            return;
        }
        String context = request.getContextPath();
        String page = request.getRequestURI().substring(context.length());
        Optional<String> resume = ResumeTarget.of(request.getParameter("resume"), realm.get(), context);
        String target;
        if (request.getCookies() == null || request.getCookies().length == 0) {
            response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(CHECK_COOKIE, "1")
                    .path("/realms/" + realm.get() + "/").httpOnly(true).secure(request.isSecure()).sameSite("Lax")
                    .build().toString());
            target = context + "/realms/" + realm.get() + "/cookies-check?page=" + enc(page)
                    + resume.map(r -> "&resume=" + enc(r)).orElse("");
        } else {
            target = context + page + "?expired" + resume.map(r -> "&resume=" + enc(r)).orElse("");
        }
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader("Location", target);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
