package nl.toegang.oidc.par;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The parameters of an authorization request as the client meant them: for a {@code request_uri} (RFC 9126) the
 * pushed ones, which the authorization server must use instead of anything in the query (§4), otherwise the query.
 * Checks that run before Spring's authorization endpoint ({@code prompt}, {@code max_age}, {@code acr_values}) read
 * them here, so that a pushed {@code prompt=login} is honoured like a plain one.
 *
 * <p>Looking the request up counts as presenting it ({@link PushedRequests#present}): the 60-second limit then no
 * longer applies and the person has the completion time to sign in, exactly as when Spring looks it up.
 */
public final class PushedParameters {
    /** The prefix of Spring Authorization Server's request URIs; the rest is the stored {@code state}. */
    static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

    private final OAuth2AuthorizationService authorizations;

    public PushedParameters(OAuth2AuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    /** A view of the request's authorization parameters, read once per request. */
    public Parameters of(HttpServletRequest request) {
        String requestUri = request.getParameter(OAuth2ParameterNames.REQUEST_URI);
        if (requestUri == null) {
            return new Parameters(request::getParameter, null);
        }
        Optional<OAuth2AuthorizationRequest> pushed = pushed(requestUri, request.getParameter(
                OAuth2ParameterNames.CLIENT_ID));
        if (pushed.isEmpty()) {
            // Unknown, expired, used or another client's: Spring's endpoint refuses it; nothing to honour here.
            return new Parameters(name -> null, requestUri);
        }
        OAuth2AuthorizationRequest stored = pushed.get();
        Map<String, Object> additional = stored.getAdditionalParameters();
        return new Parameters(name -> {
            if (OAuth2ParameterNames.CLIENT_ID.equals(name)) {
                return stored.getClientId();
            }
            if (OAuth2ParameterNames.STATE.equals(name)) {
                return stored.getState();
            }
            if (OAuth2ParameterNames.REDIRECT_URI.equals(name)) {
                return stored.getRedirectUri();
            }
            Object value = additional.get(name);
            return value == null ? null : value.toString();
        }, requestUri);
    }

    private Optional<OAuth2AuthorizationRequest> pushed(String requestUri, String clientId) {
        if (!requestUri.startsWith(REQUEST_URI_PREFIX) || requestUri.length() == REQUEST_URI_PREFIX.length()) {
            return Optional.empty();
        }
        OAuth2Authorization authorization = authorizations.findByToken(
                requestUri.substring(REQUEST_URI_PREFIX.length()), STATE);
        if (authorization == null || !PushedRequests.isPushedRequest(authorization)) {
            return Optional.empty();
        }
        OAuth2AuthorizationRequest stored = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        return stored != null && stored.getClientId().equals(clientId) ? Optional.of(stored) : Optional.empty();
    }

    /**
     * Authorization parameters by name.
     *
     * @param requestUri the {@code request_uri} the request carried, or null for a plain request
     */
    public record Parameters(Function<String, String> lookup, String requestUri) {
        public String get(String name) {
            return lookup.apply(name);
        }
    }
}
