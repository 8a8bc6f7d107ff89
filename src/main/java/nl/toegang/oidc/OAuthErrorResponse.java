package nl.toegang.oidc;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2Error;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An OAuth 2.0 error answered directly to a client (RFC 6749 §5.2): 400 with {@code error} and a description. */
public final class OAuthErrorResponse {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OAuthErrorResponse() {
    }

    public static void send(HttpServletResponse response, OAuth2Error error) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.getErrorCode());
        if (error.getDescription() != null) {
            body.put("error_description", error.getDescription());
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
