package nl.toegang.admin;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The admin API's 401 and 403: the standard {@code WWW-Authenticate: Bearer ...} header, and the same reason as a
 * JSON body ({@code error}, {@code error_description}) so an operator's script can print why it was refused.
 */
final class AdminApiRefusals {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AdminApiRefusals() {
    }

    static AuthenticationEntryPoint unauthenticated() {
        var bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            bearer.commence(request, response, exception);
            String description = exception instanceof OAuth2AuthenticationException oauth
                    && oauth.getError().getDescription() != null ? oauth.getError().getDescription()
                    : "a Bearer access token of realm " + AdminTokenDecoder.ADMIN_REALM + " is required";
            write(response, "invalid_token", description);
        };
    }

    static AccessDeniedHandler forbidden() {
        var bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            bearer.handle(request, response, exception);
            write(response, "insufficient_scope", "the client holds no staff role (support or admin)");
        };
    }

    static void write(HttpServletResponse response, String error, String description) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getWriter(), new LockoutAdminController.ApiError(error, description));
    }
}
