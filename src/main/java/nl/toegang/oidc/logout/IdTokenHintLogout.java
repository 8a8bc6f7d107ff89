package nl.toegang.oidc.logout;

import nl.toegang.oidc.RealmAuthorizationServerContext;
import nl.toegang.session.RealmLogout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationValidator;

import java.util.Optional;

/**
 * The provider of the end-session endpoint, in place of Spring's {@link OidcLogoutAuthenticationProvider}, which
 * accepts only the one ID token the stored authorization still holds: after a refresh the ID token a portal kept from
 * the login no longer counted. Here the hint is verified by {@link IdTokenHints} (signature, issuer, audience, and
 * the session it names), then {@code post_logout_redirect_uri} is checked exactly as Spring does.
 *
 * <p>A hint that does not verify is {@code invalid_token}: {@link RpInitiatedLogoutHandlers} asks the person instead
 * of ending anything. A verified hint with an unregistered {@code post_logout_redirect_uri} is Spring's
 * {@code invalid_request} for that parameter: a 400.
 */
public final class IdTokenHintLogout implements AuthenticationProvider {
    private static final Logger log = LoggerFactory.getLogger(IdTokenHintLogout.class);

    private final IdTokenHints hints;
    private final OidcLogoutAuthenticationValidator redirectUri = new OidcLogoutAuthenticationValidator();

    public IdTokenHintLogout(IdTokenHints hints) {
        this.hints = hints;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var request = (OidcLogoutAuthenticationToken) authentication;
        String realm = RealmAuthorizationServerContext.requireRealm();
        Optional<Authentication> signedIn = RealmLogout.current(realm);
        IdTokenHints.Outcome outcome = hints.verify(realm, request.getIdTokenHint(), request.getClientId(), signedIn,
                request.getSessionId());
        if (outcome instanceof IdTokenHints.Rejected rejected) {
            log.info("end-session request in realm {}: id_token_hint refused ({}), asking the person", realm,
                    rejected.reason());
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                    "id_token_hint: " + rejected.reason(), null));
        }
        var verified = (IdTokenHints.Verified) outcome;
        redirectUri.accept(OidcLogoutAuthenticationContext.with(request).registeredClient(verified.client()).build());
        return new OidcLogoutAuthenticationToken(verified.idToken(), (Authentication) request.getPrincipal(),
                request.getSessionId(), request.getClientId(), request.getPostLogoutRedirectUri(), request.getState());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OidcLogoutAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
