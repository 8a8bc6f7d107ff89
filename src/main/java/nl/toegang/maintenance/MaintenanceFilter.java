package nl.toegang.maintenance;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.RealmClientRepository;
import nl.toegang.realm.Maintenance;
import nl.toegang.realm.RealmPaths;
import nl.toegang.session.RealmSecurityContextRepository;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns away new sign-ins while a realm is in maintenance. Runs before the security filters, so it also sees
 * authorization requests: a relying party gets {@code temporarily_unavailable} on its registered redirect URI (never
 * on an unregistered one); a credential POST goes to the maintenance page (503 with Retry-After). Browsers that are
 * already signed in, and token refresh, keep working unless the operator chose to block them too.
 */
public class MaintenanceFilter extends OncePerRequestFilter {
    private final MaintenanceState state;
    private final RealmClientRepository clients;
    private final PublicUrl publicUrl;

    public MaintenanceFilter(MaintenanceState state, RealmClientRepository clients, PublicUrl publicUrl) {
        this.state = state;
        this.clients = clients;
        this.publicUrl = publicUrl;
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
            refuseAuthorization(request, response, realm.get(), maintenance.get());
            return;
        }
        if (post && (path.equals(base + "/login") || path.equals(base + "/register")
                || path.startsWith(base + "/login/") || path.startsWith(base + "/passkeys/login"))
                || path.equals(base + "/saml/login")) {
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

    private void refuseAuthorization(HttpServletRequest request, HttpServletResponse response, String realm,
                                     Maintenance maintenance) throws IOException {
        String redirectUri = request.getParameter("redirect_uri");
        var client = Optional.ofNullable(request.getParameter("client_id")).flatMap(id -> clients.find(realm, id));
        boolean registered = client.isPresent() && redirectUri != null
                && client.get().getRedirectUris().contains(redirectUri);
        if (!registered) {
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", request.getContextPath() + "/realms/" + realm + "/maintenance");
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", "temporarily_unavailable");
        params.put("error_description", "The sign-in service is in maintenance");
        if (request.getParameter("state") != null) {
            params.put("state", request.getParameter("state"));
        }
        params.put("iss", publicUrl.issuer(realm));
        var builder = UriComponentsBuilder.fromUriString(redirectUri);
        params.keySet().forEach(name -> builder.queryParam(name, "{" + name + "}"));
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", builder.encode().buildAndExpand(params).toUriString());
    }
}
