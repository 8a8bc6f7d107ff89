package nl.toegang.maintenance;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.realm.Maintenance;
import nl.toegang.realm.RealmPaths;
import nl.toegang.session.RealmSecurityContextRepository;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Turns away new sign-ins while a realm is in maintenance. Runs before the security filters, so it also sees
 * authorization requests: a person's browser goes to the maintenance page (the realm's message, the expected end and
 * a way back to the portal), a program gets {@code temporarily_unavailable} on its registered redirect URI (never
 * on an unregistered one); a credential POST goes to the maintenance page (503 with Retry-After). Browsers that are
 * already signed in, and token refresh, keep working unless the operator chose to block them too.
 */
public class MaintenanceFilter extends OncePerRequestFilter {
    private final MaintenanceState state;
    private final PortalReturn portalReturn;

    public MaintenanceFilter(MaintenanceState state, PortalReturn portalReturn) {
        this.state = state;
        this.portalReturn = portalReturn;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var realm = RealmPaths.realmName(request);
        Optional<Maintenance> maintenance = realm.flatMap(state::current);
        if (maintenance.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String base = "/realms/" + realm.get();
        boolean post = "POST".equals(request.getMethod());
        boolean blockAll = maintenance.get().blockSignedIn();
        long retryAfter = state.retryAfterSeconds(maintenance.get());

        if (path.equals(base + "/oauth2/authorize") && (blockAll || !signedIn(request, realm.get()))) {
            refuseAuthorization(request, response, realm.get());
            return;
        }
        if (post && (path.equals(base + "/login") || path.equals(base + "/register")
                || path.startsWith(base + "/login/") || path.startsWith(base + "/passkeys/login"))
                || path.equals(base + "/saml/login")
                || (path.startsWith(base + "/upstream/") && path.endsWith("/start"))) {
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", request.getContextPath() + base + "/maintenance");
            return;
        }
        if (blockAll && post && path.equals(base + "/oauth2/token")) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", String.valueOf(retryAfter));
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"temporarily_unavailable\","
                    + "\"error_description\":\"the sign-in service is in maintenance\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean signedIn(HttpServletRequest request, String realm) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        Object context = session.getAttribute(RealmSecurityContextRepository.ATTRIBUTE_PREFIX + realm);
        return context instanceof SecurityContext sc && sc.getAuthentication() != null
                && sc.getAuthentication().isAuthenticated();
    }

    private void refuseAuthorization(HttpServletRequest request, HttpServletResponse response, String realm)
            throws IOException {
        String state = request.getParameter("state");
        var portal = portalReturn.registered(realm, request.getParameter("client_id"),
                request.getParameter("redirect_uri"));
        if (portal.isPresent() && !isBrowser(request)) {
            response.setStatus(HttpServletResponse.SC_FOUND);
            response.setHeader("Location", portalReturn.errorRedirect(realm, portal.get(), state));
            return;
        }
        // A person sees the realm's message and expected end, with a way back to the portal only when the portal's
        // redirect URI is registered: the page checks it again, as its address can be typed by anyone.
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + PortalReturn.maintenancePage(realm, portal, state));
    }

    /** A browser navigation asks for HTML; a program (or a test client) asking for JSON or anything gets the protocol. */
    static boolean isBrowser(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }
}
