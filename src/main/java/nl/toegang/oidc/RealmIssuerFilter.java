package nl.toegang.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.config.PublicUrl;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Replaces the issuer the authorization server derived from the request URL with {@code {public-url}/realms/{name}}.
 * Runs right after Spring's own context filter inside the authorization-server filter chain.
 */
public class RealmIssuerFilter extends OncePerRequestFilter {
    private final RealmRegistry realms;
    private final PublicUrl publicUrl;
    private final AuthorizationServerSettings settings;

    public RealmIssuerFilter(RealmRegistry realms, PublicUrl publicUrl, AuthorizationServerSettings settings) {
        this.realms = realms;
        this.publicUrl = publicUrl;
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var realm = RealmPaths.realmName(request).flatMap(realms::find);
        if (realm.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        AuthorizationServerContext previous = AuthorizationServerContextHolder.getContext();
        String name = realm.get().name();
        AuthorizationServerContextHolder.setContext(
                new RealmAuthorizationServerContext(name, publicUrl.issuer(name), settings));
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous != null) {
                AuthorizationServerContextHolder.setContext(previous);
            } else {
                AuthorizationServerContextHolder.resetContext();
            }
        }
    }
}
