package nl.toegang.oidc.par;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.oidc.AuthorizationResponseHandlers;
import nl.toegang.oidc.RealmAuthorizationServerContext;
import nl.toegang.realm.ClientDefinition;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses a plain authorization request (one without a PAR {@code request_uri}) for clients that require pushed
 * authorization requests ({@code requirePushedAuthorizationRequests}, implied by {@code profile: fapi2}); Spring has
 * no such client setting. The error goes back to the client when the {@code redirect_uri} is one it registered, and
 * is shown on a page otherwise, like every other authorization error.
 */
public class PushedRequestRequirementFilter extends OncePerRequestFilter {
    private final RealmRegistry realms;

    public PushedRequestRequirementFilter(RealmRegistry realms) {
        this.realms = realms;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().endsWith("/oauth2/authorize");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientId = request.getParameter("client_id");
        var realm = RealmAuthorizationServerContext.currentRealm().flatMap(realms::find);
        var client = realm.flatMap(r -> clientId == null ? java.util.Optional.empty() : r.client(clientId));
        if (client.isEmpty() || !client.get().requirePushedAuthorizationRequests()
                || request.getParameter("request_uri") != null) {
            chain.doFilter(request, response);
            return;
        }
        String redirectUri = request.getParameter("redirect_uri");
        boolean registered = redirectUri != null && client.map(ClientDefinition::redirectUris)
                .filter(uris -> uris.contains(redirectUri)).isPresent();
        OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                "this client must push its authorization request first (RFC 9126): send request_uri", null);
        AuthorizationResponseHandlers.sendError(request, response, registered ? redirectUri : null,
                request.getParameter("state"), error);
    }
}
