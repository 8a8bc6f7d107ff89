package nl.toegang.oidc;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authorization responses with the {@code iss} parameter (RFC 9207), so a client talking to several issuers can
 * detect mix-up attacks. Errors that must not be redirected (unknown client, unregistered redirect URI) are shown
 * to the person on a page instead.
 */
public final class AuthorizationResponseHandlers {
    /** Request attribute carrying the OAuth error to the error page. */
    public static final String ERROR_ATTRIBUTE = "toegang.authorizationError";
    public static final String ERROR_PAGE = "/error/authorization";

    private AuthorizationResponseHandlers() {
    }

    public static AuthenticationSuccessHandler success() {
        return (request, response, authentication) -> {
            var result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
            Map<String, String> params = new LinkedHashMap<>();
            params.put("code", result.getAuthorizationCode().getTokenValue());
            if (result.getState() != null) {
                params.put("state", result.getState());
            }
            params.put("iss", issuer());
            redirect(request, response, result.getRedirectUri(), params);
        };
    }

    public static AuthenticationFailureHandler failure() {
        return (request, response, exception) -> {
            if (!(exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException e)) {
                showErrorPage(request, response, new OAuth2Error("invalid_request"));
                return;
            }
            OAuth2Error error = e.getError();
            var requestToken = e.getAuthorizationCodeRequestAuthentication();
            if (requestToken == null || requestToken.getRedirectUri() == null || requestToken.getRedirectUri().isBlank()) {
                showErrorPage(request, response, error);
                return;
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("error", error.getErrorCode());
            if (error.getDescription() != null) {
                params.put("error_description", error.getDescription());
            }
            if (requestToken.getState() != null) {
                params.put("state", requestToken.getState());
            }
            params.put("iss", issuer());
            redirect(request, response, requestToken.getRedirectUri(), params);
        };
    }

    /**
     * An authorization error for a request Spring never saw: redirected to {@code redirectUri} when it is one the
     * client registered (checked by the caller), shown on a page otherwise.
     */
    public static void sendError(HttpServletRequest request, HttpServletResponse response, String redirectUri, String state,
                          OAuth2Error error) throws IOException {
        if (redirectUri == null) {
            showErrorPage(request, response, error);
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error.getErrorCode());
        if (error.getDescription() != null) {
            params.put("error_description", error.getDescription());
        }
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer());
        redirect(request, response, redirectUri, params);
    }

    private static String issuer() {
        return org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder
                .getContext().getIssuer();
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String redirectUri,
                                 Map<String, String> params) {
        var builder = UriComponentsBuilder.fromUriString(redirectUri);
        params.keySet().forEach(name -> builder.queryParam(name, "{" + name + "}"));
        String location = builder.encode().buildAndExpand(params).toUriString();
        // 303 so that a POSTed authorization request is not re-POSTed to the client
        response.setStatus("POST".equals(request.getMethod()) ? HttpStatus.SEE_OTHER.value() : HttpStatus.FOUND.value());
        response.setHeader("Location", location);
    }

    private static void showErrorPage(HttpServletRequest request, HttpServletResponse response, OAuth2Error error)
            throws IOException {
        request.setAttribute(ERROR_ATTRIBUTE, error);
        try {
            request.getRequestDispatcher(ERROR_PAGE).forward(request, response);
        } catch (ServletException e) {
            response.sendError(HttpStatus.BAD_REQUEST.value());
        }
    }
}
