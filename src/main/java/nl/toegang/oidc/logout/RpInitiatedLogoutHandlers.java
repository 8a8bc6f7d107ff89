package nl.toegang.oidc.logout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.oidc.RealmAuthorizationServerContext;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * How {@code /realms/{realm}/connect/logout} answers (OIDC RP-Initiated Logout 1.0), replacing Spring Authorization
 * Server's defaults, which would invalidate the whole HTTP session (every realm of the browser) and answer a missing
 * hint with a bare 400.
 *
 * <ul>
 *   <li>Validated request (id_token_hint verified by {@link IdTokenHintLogout}: any ID token of this browser's session
 *   for the client, also an earlier or expired one; post_logout_redirect_uri registered exactly for the hint's
 *   client): {@link LogoutCompletion}, then back to that URI with {@code state}.</li>
 *   <li>No valid id_token_hint (missing, tampered, another realm's, another client's than {@code client_id}, another
 *   user's or session's): nothing ends yet; the browser goes to the confirmation page {@code /realms/{realm}/logout},
 *   which asks the user (guards against forced logout by a third-party page).</li>
 *   <li>A valid hint with an unregistered post_logout_redirect_uri, or a malformed (repeated) parameter: 400, no
 *   redirect.</li>
 * </ul>
 */
public final class RpInitiatedLogoutHandlers {
    /** Parameters whose errors are the relying party's mistake: answered with 400, never turned into a question. */
    private static final List<String> FATAL_PARAMETERS = List.of("post_logout_redirect_uri", "client_id", "state");

    private RpInitiatedLogoutHandlers() {
    }

    public static AuthenticationSuccessHandler success(LogoutCompletion completion) {
        return (request, response, authentication) -> {
            var logout = (OidcLogoutAuthenticationToken) authentication;
            Optional<String> target = Optional.ofNullable(logout.getPostLogoutRedirectUri())
                    .filter(uri -> !uri.isEmpty())
                    .map(uri -> LogoutCompletion.withState(uri, logout.getState()));
            completion.complete(RealmAuthorizationServerContext.requireRealm(), "oidc", target, request, response);
        };
    }

    public static AuthenticationFailureHandler failure() {
        return RpInitiatedLogoutHandlers::onFailure;
    }

    private static void onFailure(HttpServletRequest request, HttpServletResponse response,
                                  AuthenticationException exception) throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError() : null;
        String description = error == null || error.getDescription() == null ? "" : error.getDescription();
        if (FATAL_PARAMETERS.stream().anyMatch(description::endsWith)) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), description);
            return;
        }
        var confirm = UriComponentsBuilder.fromPath(request.getContextPath() + "/realms/"
                + RealmAuthorizationServerContext.requireRealm() + "/logout");
        for (String name : List.of("client_id", "post_logout_redirect_uri", "state")) {
            String[] values = request.getParameterValues(name);
            if (values != null && values.length == 1 && !values[0].isEmpty()) {
                confirm.queryParam(name, values[0]);
            }
        }
        response.setStatus(HttpStatus.SEE_OTHER.value());
        response.setHeader("Location", confirm.encode().build().toUriString());
    }
}
