package nl.toegang.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Refuses authorization request parameters that Spring Authorization Server would silently ignore, so a client
 * never believes it got what it asked for (discovery advertises the same, {@link DiscoveryDocument}):
 * <ol>
 *   <li>{@code request} (a request object, OIDC Core §6.1): {@code request_not_supported}; only PAR's
 *       {@code request_uri} is supported;</li>
 *   <li>{@code registration} (OIDC Core §7.2.1): {@code registration_not_supported};</li>
 *   <li>{@code response_mode} other than {@code query} (form_post, fragment, JARM, ...): {@code invalid_request};</li>
 *   <li>{@code prompt=none} combined with another prompt value (OIDC Core §3.1.2.1): {@code invalid_request}.</li>
 * </ol>
 * At the authorization endpoint the error goes to the client only when the {@code redirect_uri} is one it
 * registered, else to the error page; at the PAR endpoint it is a 400 to the pushing client, so such a request is
 * never stored.
 */
public class UnsupportedRequestFeatures extends OncePerRequestFilter {
    private final RealmRegistry realms;

    public UnsupportedRequestFeatures(RealmRegistry realms) {
        this.realms = realms;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.endsWith("/oauth2/authorize") && !(uri.endsWith("/oauth2/par") && "POST".equals(request.getMethod()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<OAuth2Error> refusal = refusal(request::getParameter);
        if (refusal.isEmpty()) {
            chain.doFilter(request, response);
        } else if (request.getRequestURI().endsWith("/oauth2/par")) {
            OAuthErrorResponse.send(response, refusal.get());
        } else {
            String redirectUri = RegisteredRedirect.orNull(realms, request.getParameter("client_id"),
                    request.getParameter("redirect_uri"));
            AuthorizationResponseHandlers.sendError(request, response, redirectUri, request.getParameter("state"),
                    refusal.get());
        }
    }

    /** The first unsupported feature the request uses, as the error to answer; empty when there is none. */
    static Optional<OAuth2Error> refusal(Function<String, String> parameters) {
        if (parameters.apply("request") != null) {
            return Optional.of(new OAuth2Error("request_not_supported",
                    "request objects are not supported; push the request (PAR) and send request_uri", null));
        }
        if (parameters.apply("registration") != null) {
            return Optional.of(new OAuth2Error("registration_not_supported",
                    "the registration parameter is not supported", null));
        }
        String responseMode = parameters.apply("response_mode");
        if (responseMode != null && !"query".equals(responseMode)) {
            return Optional.of(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                    "only response_mode=query is supported", null));
        }
        String prompt = parameters.apply("prompt");
        if (prompt != null) {
            List<String> values = Arrays.stream(prompt.trim().split("\\s+")).distinct().toList();
            if (values.contains("none") && values.size() > 1) {
                return Optional.of(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                        "prompt=none cannot be combined with other prompt values", null));
            }
        }
        return Optional.empty();
    }
}
