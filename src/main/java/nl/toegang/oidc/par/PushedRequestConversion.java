package nl.toegang.oidc.par;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Spring's PAR converters return null for a body that is no authorization request (empty, or without
 * {@code response_type=code}), and the PAR endpoint then fails with a NullPointerException (500). This wrapper
 * turns "nothing to push" into 400 {@code invalid_request} (RFC 9126 §2.3).
 */
public final class PushedRequestConversion implements AuthenticationConverter {
    private final AuthenticationConverter delegate;

    public PushedRequestConversion(AuthenticationConverter delegate) {
        this.delegate = delegate;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        Authentication converted = delegate.convert(request);
        if (converted == null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                    "the pushed request is no authorization request: response_type=code and client_id are required",
                    null));
        }
        return converted;
    }
}
