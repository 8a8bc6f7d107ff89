package nl.toegang.oidc;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Client-credentials access tokens without a stored authorization. They cannot be refreshed and carry everything
 * about themselves, so storing one row per token (the default) only made issuance slow. Instead:
 * <ul>
 *   <li>issuance stores nothing;</li>
 *   <li>introspection and userinfo rebuild the authorization from the token itself: signature by one of the realm's
 *       published keys, the realm's issuer, not expired, marked {@value #GRANT_TYPE_CLAIM} =
 *       {@code client_credentials}, {@code sub} = {@code client_id}, and the client still declared in the realm;</li>
 *   <li>revocation adds a hash of the token to {@code oauth2_revoked_token} (shared by all nodes) until the token
 *       would have expired; a token in that list is inactive.</li>
 * </ul>
 * The marker claim is what separates these tokens from users' access tokens, which stay stored (and are inactive as
 * soon as their row is gone): only a token this server signed for a client_credentials grant carries it.
 */
public class ClientCredentialsTokens {
    /** Access-token claim naming the grant it was issued for (the name Auth0 and others use for the same purpose). */
    public static final String GRANT_TYPE_CLAIM = "gty";

    private final JwtDecoder realmTokens;
    private final RealmClientRepository clients;
    private final JdbcClient jdbc;
    private final Clock clock;

    /**
     * @param realmTokens validates a token of the request's realm (signature, issuer, lifetime)
     */
    public ClientCredentialsTokens(JwtDecoder realmTokens, RealmClientRepository clients, JdbcClient jdbc,
                                   Clock clock) {
        this.realmTokens = realmTokens;
        this.clients = clients;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static final String ID_PREFIX = "client_credentials:";

    /**
     * True for the authorizations this class handles instead of the store: a new client-credentials grant, or one
     * {@link #find} rebuilt. Client-credentials rows stored before V15 stay with the store until they expire.
     */
    public static boolean handles(OAuth2Authorization authorization) {
        if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
            return false;
        }
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        boolean issuing = access == null || !access.isInvalidated();
        return issuing || isRebuilt(authorization);
    }

    /** True for an authorization {@link #find} rebuilt from a token (never one from the store). */
    public static boolean isRebuilt(OAuth2Authorization authorization) {
        return authorization.getId().startsWith(ID_PREFIX);
    }

    /**
     * Records what a save of a client-credentials authorization means: nothing at issuance, the revocation of its
     * access token once that token is invalidated (the revocation endpoint saves it so).
     */
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        if (access != null && access.isInvalidated()) {
            revoke(authorization);
        }
    }

    /** Makes the authorization's access token inactive on every node until it expires. */
    public void revoke(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        if (access == null) {
            return;
        }
        Instant expires = access.getToken().getExpiresAt() != null ? access.getToken().getExpiresAt()
                : clock.instant().plusSeconds(86400);
        try {
            jdbc.sql("INSERT INTO oauth2_revoked_token (token_hash, expires_at) VALUES (?, ?)")
                    .params(StoredAuthorizations.sha256(access.getToken().getTokenValue()),
                            Timestamp.from(expires))
                    .update();
        } catch (DuplicateKeyException alreadyRevoked) {
            // revoked twice (two nodes, or a retry): the first entry stands
        }
    }

    /**
     * The authorization of a client-credentials access token of the current realm, rebuilt from the token (marked
     * invalidated when it was revoked), or null when the value is not such a token.
     */
    public OAuth2Authorization find(String token) {
        if (token == null || token.chars().filter(c -> c == '.').count() != 2
                || RealmAuthorizationServerContext.currentRealm().isEmpty()) {
            return null;
        }
        Jwt jwt;
        try {
            jwt = realmTokens.decode(token);
        } catch (JwtException notOurs) {
            return null;
        }
        String clientId = jwt.getClaimAsString("client_id");
        if (!AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(jwt.getClaimAsString(GRANT_TYPE_CLAIM))
                || clientId == null || !clientId.equals(jwt.getSubject())) {
            return null;
        }
        String realm = RealmAuthorizationServerContext.requireRealm();
        RegisteredClient client = clients.find(realm, clientId).orElse(null);
        if (client == null || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)) {
            return null;
        }
        List<String> scopeClaim = jwt.getClaimAsStringList("scope");
        Set<String> scopes = scopeClaim == null ? new HashSet<>() : new HashSet<>(scopeClaim);
        var access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, jwt.getIssuedAt(),
                jwt.getExpiresAt(), scopes);
        boolean revoked = isRevoked(token);
        return OAuth2Authorization.withRegisteredClient(client)
                .id(ID_PREFIX + StoredAuthorizations.sha256(token))
                .principalName(clientId)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .authorizedScopes(scopes)
                .token(access, metadata -> {
                    metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, new HashMap<>(jwt.getClaims()));
                    metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, revoked);
                })
                .build();
    }

    /** True when {@code token} is on the revocation list (the admin API asks on every call: AdminCallers). */
    public boolean isRevoked(String token) {
        return jdbc.sql("SELECT COUNT(*) FROM oauth2_revoked_token WHERE token_hash = ?")
                .param(StoredAuthorizations.sha256(token))
                .query(Integer.class)
                .single() > 0;
    }

    /** Removes revocations of tokens that have expired anyway. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM oauth2_revoked_token WHERE expires_at < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }
}
