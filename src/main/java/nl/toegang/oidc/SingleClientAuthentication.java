package nl.toegang.oidc;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs before Spring's client authentication at every endpoint where a client authenticates (token, PAR,
 * introspection, revocation) and refuses, with 400 {@code invalid_request}, what Spring would misread:
 * <ol>
 *   <li>a body that is not {@code application/x-www-form-urlencoded} or cannot be parsed as one (RFC 6749 §3.2,
 *       RFC 9126 §2.1, RFC 7662 §2.1, RFC 7009 §2.1): never a 500;</li>
 *   <li>more than one client authentication method (RFC 6749 §2.3: "MUST NOT use more than one"): Spring would
 *       pick one by its own converter order, so Basic for one client plus a body secret or assertion for another
 *       got a token for whichever came first;</li>
 *   <li>Basic credentials for one client and a {@code client_id} for another in the body.</li>
 * </ol>
 */
public class SingleClientAuthentication extends OncePerRequestFilter {
    private static final List<String> ENDPOINTS = List.of("/oauth2/token", "/oauth2/par", "/oauth2/introspect",
            "/oauth2/revoke");
    private static final String BASIC = "basic ";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || ENDPOINTS.stream().noneMatch(request.getRequestURI()::endsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refusal = refusal(request);
        if (refusal.isPresent()) {
            OAuthErrorResponse.send(response, new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, refusal.get(), null));
            return;
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> refusal(HttpServletRequest request) {
        if (!isForm(request.getContentType())) {
            return Optional.of("the request body must be application/x-www-form-urlencoded");
        }
        try {
            request.getParameterMap();
        } catch (RuntimeException unparseable) {
            // The servlet container refuses bad percent-encoding and the like on first access; answer it here.
            return Optional.of("the request body is not a valid form");
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
        boolean secret = request.getParameter("client_secret") != null;
        boolean assertion = request.getParameter("client_assertion") != null
                || request.getParameter("client_assertion_type") != null;
        if (Stream.of(basic, secret, assertion).filter(Boolean::booleanValue).count() > 1) {
            return Optional.of("use exactly one client authentication method (RFC 6749 section 2.3)");
        }
        String clientId = request.getParameter("client_id");
        if (basic && clientId != null) {
            Optional<String> basicId = basicClientId(authorization.substring(BASIC.length()).trim());
            if (basicId.isEmpty() || !basicId.get().equals(clientId)) {
                return Optional.of("client_id does not match the authenticated client");
            }
        }
        return Optional.empty();
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
    }

    /** The client id of HTTP Basic credentials (form-urlencoded, RFC 6749 §2.3.1); empty when unreadable. */
    private static Optional<String> basicClientId(String credentials) {
        try {
            String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }
}
