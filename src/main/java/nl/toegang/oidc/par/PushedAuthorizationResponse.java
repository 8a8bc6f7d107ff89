package nl.toegang.oidc.par;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PAR response (RFC 9126 §2.2) with Toegang's lifetime: Spring announces 300 s, but a {@code request_uri} here
 * must be presented within {@link PushedRequests#PRESENT_WITHIN}, so {@code expires_in} says that.
 */
public final class PushedAuthorizationResponse implements AuthenticationSuccessHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        var pushed = (OAuth2PushedAuthorizationRequestAuthenticationToken) authentication;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_uri", pushed.getRequestUri());
        body.put("expires_in", PushedRequests.PRESENT_WITHIN.toSeconds());
        response.setStatus(HttpStatus.CREATED.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
