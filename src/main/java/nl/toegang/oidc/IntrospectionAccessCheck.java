package nl.toegang.oidc;

import nl.toegang.realm.IntrospectionAccess;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Who may learn about a token at the introspection endpoint (RFC 7662 §4 leaves this to the server): the client the
 * token was issued to, and clients the realm file declares {@code introspection: any-token-in-realm} (resource
 * servers). Any other client is told {@code {"active":false}}, the answer for an unknown token, so the answer does not
 * even reveal that the token exists. Wraps Spring's introspection provider, so stored and client-credentials tokens
 * (which {@link ClientCredentialsTokens} rebuilds for that provider) follow the same rule.
 */
public final class IntrospectionAccessCheck implements AuthenticationProvider {
    private final AuthenticationProvider delegate;

    public IntrospectionAccessCheck(AuthenticationProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Authentication result = delegate.authenticate(authentication);
        if (!(result instanceof OAuth2TokenIntrospectionAuthenticationToken answer)
                || !answer.getTokenClaims().isActive()
                || !(answer.getPrincipal() instanceof OAuth2ClientAuthenticationToken asking)) {
            return result;
        }
        if (mayIntrospect(asking.getRegisteredClient(), answer.getTokenClaims().getClientId())) {
            return answer;
        }
        return new OAuth2TokenIntrospectionAuthenticationToken(answer.getToken(), asking,
                OAuth2TokenIntrospection.builder().build());
    }

    // Both clients are of the request's realm: the store and ClientCredentialsTokens find no token of another realm.
    static boolean mayIntrospect(RegisteredClient asking, String tokenClientId) {
        return asking != null && (asking.getClientId().equals(tokenClientId)
                || RealmClientRepository.introspectionAccess(asking) == IntrospectionAccess.ANY_TOKEN_IN_REALM);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
