package nl.toegang.oidc;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.StringUtils;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An authorization store that never holds a token value, only its {@link StoredTokenValues keyed hash}: codes, access,
 * refresh and ID tokens, device and user codes, and the {@code state} (the secret part of a PAR {@code request_uri}).
 * <ul>
 *   <li>{@link #save} stores a copy with every value replaced by its hash; the caller keeps the real tokens, which
 *       is what Spring sends to the client;</li>
 *   <li>{@link #findByToken} looks the presented value up by its hash and puts the presented value back into the
 *       token it matched, because Spring then picks that token by value ({@code getToken(String)}, introspection
 *       and revocation). Every other token of the authorization keeps its hash: nobody presented it.</li>
 * </ul>
 */
public class HashedTokenStore implements OAuth2AuthorizationService {

    /** The token kinds Spring's JDBC store keeps in value columns (it picks each by its exact class). */
    private static final List<Class<? extends OAuth2Token>> STORED_KINDS = List.of(OAuth2AuthorizationCode.class,
            OAuth2AccessToken.class, OAuth2RefreshToken.class, OidcIdToken.class, OAuth2UserCode.class,
            OAuth2DeviceCode.class);

    private final OAuth2AuthorizationService delegate;
    private final StoredTokenValues values;

    public HashedTokenStore(OAuth2AuthorizationService delegate, StoredTokenValues values) {
        this.delegate = delegate;
        this.values = values;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        delegate.save(withValues(authorization, values::stored));
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization); // by id
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (!StringUtils.hasText(token)) {
            return null;
        }
        String key = values.lookupKey(token);
        OAuth2Authorization found = delegate.findByToken(key, tokenType);
        return found == null ? null : withValues(found, stored -> key.equals(stored) ? token : stored);
    }

    /** A copy of the authorization with every stored token value (and the state) mapped through {@code value}. */
    private static OAuth2Authorization withValues(OAuth2Authorization authorization, UnaryOperator<String> value) {
        OAuth2Authorization.Builder copy = OAuth2Authorization.from(authorization);
        for (Class<? extends OAuth2Token> kind : STORED_KINDS) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(kind);
            if (token != null) {
                String mapped = value.apply(token.getToken().getTokenValue());
                if (!mapped.equals(token.getToken().getTokenValue())) {
                    copy.token(withValue(token.getToken(), mapped), metadata -> { }); // metadata is carried over
                }
            }
        }
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        if (state != null) {
            copy.attribute(OAuth2ParameterNames.STATE, value.apply(state));
        }
        return copy.build();
    }

    /** The same token (same class, times, claims and scopes) with another value. */
    private static OAuth2Token withValue(OAuth2Token token, String value) {
        if (token instanceof OAuth2AuthorizationCode) {
            return new OAuth2AuthorizationCode(value, token.getIssuedAt(), token.getExpiresAt());
        }
        if (token instanceof OAuth2AccessToken access) {
            return new OAuth2AccessToken(access.getTokenType(), value, access.getIssuedAt(), access.getExpiresAt(),
                    access.getScopes());
        }
        if (token instanceof OAuth2RefreshToken) {
            return new OAuth2RefreshToken(value, token.getIssuedAt(), token.getExpiresAt());
        }
        if (token instanceof OidcIdToken idToken) {
            return new OidcIdToken(value, idToken.getIssuedAt(), idToken.getExpiresAt(), idToken.getClaims());
        }
        if (token instanceof OAuth2UserCode) {
            return new OAuth2UserCode(value, token.getIssuedAt(), token.getExpiresAt());
        }
        if (token instanceof OAuth2DeviceCode) {
            return new OAuth2DeviceCode(value, token.getIssuedAt(), token.getExpiresAt());
        }
        throw new IllegalStateException("no stored form for " + token.getClass().getName());
    }
}
