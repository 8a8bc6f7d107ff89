package nl.toegang.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmPaths;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import java.io.IOException;

/**
 * A form posted with a missing or outdated CSRF token is nearly always a person, not an attack: a tab left open
 * overnight, the back button, a double submit, cookies cleared mid-flow. Instead of a bare 403 they are sent back
 * to the same page with a short explanation (or, when the browser sends no cookies at all, to a page that says how
 * to allow them). Nothing from the refused POST is used.
 */
public class StaleFormHandler implements AccessDeniedHandler {

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        var realm = RealmPaths.realmName(request);
        if (!(denied instanceof CsrfException) || realm.isEmpty() || response.isCommitted()) {
            response.sendError(HttpStatus.FORBIDDEN.value());
            return;
        }
        String base = request.getContextPath() + "/realms/" + realm.get();
        boolean noCookies = request.getCookies() == null || request.getCookies().length == 0;
        String target = noCookies ? base + "/cookies-required" : request.getRequestURI() + "?expired";
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader("Location", target);
    }
}
