package nl.toegang.oidc;

import nl.toegang.oidc.par.PushedRequestStore;
import nl.toegang.oidc.par.PushedRequests;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where authorizations rest: Spring's JDBC store with token values kept only as keyed hashes ({@link HashedTokenStore}),
 * except for two kinds that have their own place:
 * <ul>
 *   <li>client-credentials authorizations are not stored at all ({@link ClientCredentialsTokens}): their tokens
 *       describe themselves, and a revocation list keeps revoked ones inactive on every node;</li>
 *   <li>pushed authorization requests (RFC 9126) are saved, presented and consumed by {@link PushedRequestStore}.</li>
 * </ul>
 * An ID token's BSN is never stored, and a new code remembers (sealed) the browser session it was issued to
 * ({@link AuthorizingSessions}).
 *
 * <p>This store knows nothing of realms: it is used only through {@link RealmIsolatedAuthorizations}. Single-use codes
 * and refresh-token reuse detection are rules of the grants ({@link SingleUseCodes}, {@link RefreshTokenReuse}).
 */
public class StoredAuthorizations implements OAuth2AuthorizationService {
    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);
    private static final String BSN_CLAIM = "bsn";
    private static final String EIDAS_ID_CLAIM = FederatedTokenClaims.EIDAS_ID_CLAIM;

    private final OAuth2AuthorizationService hashed;
    private final ClientCredentialsTokens clientCredentials;
    private final PushedRequestStore pushedRequests;
    private final AuthorizingSessions authorizingSessions;

    /** @param hashed the JDBC store, keeping token values as keyed hashes ({@link HashedTokenStore}) */
    public StoredAuthorizations(OAuth2AuthorizationService hashed, ClientCredentialsTokens clientCredentials,
                                PushedRequestStore pushedRequests, AuthorizingSessions authorizingSessions) {
        this.hashed = hashed;
        this.clientCredentials = clientCredentials;
        this.pushedRequests = pushedRequests;
        this.authorizingSessions = authorizingSessions;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        if (ClientCredentialsTokens.handles(authorization)) {
            clientCredentials.save(authorization);
        } else if (PushedRequests.isPushedRequest(authorization)) {
            pushedRequests.save(authorization);
        } else {
            hashed.save(authorizingSessions.remembered(withoutBsn(authorization)));
        }
    }

    /**
     * The BSN must never rest in plaintext, but the authorization store would keep the issued ID token's claims. For
     * ID tokens that carry a BSN, store the claims without it (the value itself is stored as a hash, like every token
     * value). The response to the client is not affected.
     */
    private static OAuth2Authorization withoutBsn(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
        if (idToken == null || !idToken.getToken().getClaims().containsKey(BSN_CLAIM)
                && !idToken.getToken().getClaims().containsKey(EIDAS_ID_CLAIM)) {
            return authorization;
        }
        Map<String, Object> claims = new HashMap<>(idToken.getToken().getClaims());
        claims.remove(BSN_CLAIM);
        claims.remove(EIDAS_ID_CLAIM);
        OidcIdToken stripped = new OidcIdToken(idToken.getToken().getTokenValue(), idToken.getToken().getIssuedAt(),
                idToken.getToken().getExpiresAt(), claims);
        return OAuth2Authorization.from(authorization).token(stripped, metadata -> {
            metadata.putAll(idToken.getMetadata());
            metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
        }).build();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        if (ClientCredentialsTokens.isRebuilt(authorization)) {
            clientCredentials.revoke(authorization); // a removed self-describing token must stay inactive
        } else if (PushedRequests.isPushedRequest(authorization)) {
            pushedRequests.consume(authorization);
        } else {
            hashed.remove(authorization);
        }
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return hashed.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
            OAuth2Authorization selfContained = clientCredentials.find(token);
            if (selfContained != null) {
                return selfContained;
            }
        }
        OAuth2Authorization found = hashed.findByToken(token, tokenType);
        if (found != null && STATE.equals(tokenType) && PushedRequests.isPushedRequest(found)) {
            return pushedRequests.present(found);
        }
        return found;
    }

    /**
     * Unkeyed SHA-256 (hex), still the key of {@code oauth2_revoked_token} (revoked client-credentials tokens, which are
     * never stored); changing it would make revoked tokens active again until they expire.
     */
    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
