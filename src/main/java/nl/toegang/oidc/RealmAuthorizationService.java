package nl.toegang.oidc;

import nl.toegang.oidc.par.PushedRequests;
import nl.toegang.session.AuthorizingSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Wraps Spring's JDBC authorization store with three guarantees it does not give on its own:
 * <ol>
 *   <li>realm isolation: an authorization of one realm is invisible to every other realm's endpoints;</li>
 *   <li>an authorization code is redeemed once, also when two nodes redeem it at the same moment
 *       (the first insert into {@code oauth2_code_redemption} wins);</li>
 *   <li>refresh-token rotation with reuse detection: a rotated-away refresh token presented again revokes the
 *       whole token family (RFC 9700 §4.14.2);</li>
 *   <li>a pushed authorization request (RFC 9126) is presented within 60 s and used once, also across nodes
 *       (see {@link PushedRequests}).</li>
 * </ol>
 * Client-credentials authorizations are not stored at all ({@link ClientCredentialsTokens}): their tokens describe
 * themselves, and a revocation list keeps revoked ones inactive on every node. The delegate keeps token values only
 * as keyed hashes ({@link HashedTokenStore}); the rotation table is keyed by the same hash.
 */
public class RealmAuthorizationService implements OAuth2AuthorizationService {
    private static final Logger log = LoggerFactory.getLogger(RealmAuthorizationService.class);
    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);
    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);
    private static final String BSN_CLAIM = "bsn";
    private static final String CODE_LOOKUP_ATTRIBUTE = RealmAuthorizationService.class.getName() + ".codeLookup";

    private final OAuth2AuthorizationService delegate;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ClientCredentialsTokens clientCredentials;
    private final StoredTokenValues storedValues;
    private final SealedSessionIds sessionIds;

    /**
     * @param delegate     the store, keeping token values as {@code storedValues} hashes ({@link HashedTokenStore})
     * @param storedValues the hashes the delegate stores, which also key the rotated refresh tokens
     * @param sessionIds   encrypts the authorizing browser session's id (its cookie) in the stored authorization
     */
    public RealmAuthorizationService(OAuth2AuthorizationService delegate, JdbcClient jdbc,
                                     TransactionTemplate transaction, Clock clock,
                                     ClientCredentialsTokens clientCredentials, StoredTokenValues storedValues,
                                     SealedSessionIds sessionIds) {
        this.clientCredentials = clientCredentials;
        this.storedValues = storedValues;
        this.sessionIds = sessionIds;
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization given) {
        requireSameRealm(given);
        if (ClientCredentialsTokens.handles(given)) {
            clientCredentials.save(given);
            return;
        }
        OAuth2Authorization authorization = withAuthorizingSession(withoutBsn(given));
        if (PushedRequests.isPushedRequest(authorization)) {
            authorization = PushedRequests.stamped(authorization, clock.instant());
        }
        OAuth2Authorization toStore = authorization;
        try {
            transaction.executeWithoutResult(status -> {
                claimCodeRedemption(toStore);
                OAuth2Authorization stored = delegate.findById(toStore.getId());
                if (stored != null) {
                    recordRotatedRefreshToken(stored, toStore);
                }
                delegate.save(toStore);
            });
        } catch (RefreshTokenReused reused) {
            // The same refresh token was used twice at once: one of the two callers is not the real client.
            delegate.remove(toStore);
            throw invalidGrant("refresh token reused");
        }
    }

    /**
     * The BSN must never rest in plaintext, but the authorization store would keep the issued ID token's claims. For
     * ID tokens that carry a BSN, store the claims without it (the value itself is stored as a hash, like every token
     * value). The response to the client is not affected.
     */
    private static OAuth2Authorization withoutBsn(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
        if (idToken == null || !idToken.getToken().getClaims().containsKey(BSN_CLAIM)) {
            return authorization;
        }
        Map<String, Object> claims = new HashMap<>(idToken.getToken().getClaims());
        claims.remove(BSN_CLAIM);
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
            return;
        }
        if (PushedRequests.isPushedRequest(authorization)) {
            consumePushedRequest(authorization);
            return;
        }
        delegate.remove(authorization);
    }

    /**
     * Spring removes a pushed request once it has issued a code for it. Only the node whose DELETE removes the row
     * may go on: a second, concurrent use of the same request_uri fails here (its code is never sent).
     */
    private void consumePushedRequest(OAuth2Authorization pushed) {
        int deleted = jdbc.sql("DELETE FROM oauth2_authorization WHERE id = ?").param(pushed.getId()).update();
        if (deleted == 0) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                    "request_uri already used", null));
        }
    }

    /** A pushed request presented at the authorization endpoint: expired ones are removed and never found. */
    private OAuth2Authorization presentPushedRequest(OAuth2Authorization pushed) {
        if (PushedRequests.present(pushed, clock.instant()) instanceof PushedRequests.Presentation.Usable usable) {
            if (usable.mustSave()) {
                delegate.save(usable.authorization());
            }
            return usable.authorization();
        }
        delegate.remove(pushed);
        return null;
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return visibleInCurrentRealm(delegate.findById(id));
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType == null || OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
            OAuth2Authorization selfContained = clientCredentials.find(token);
            if (selfContained != null) {
                return selfContained;
            }
        }
        OAuth2Authorization found = delegate.findByToken(token, tokenType);
        if (found == null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
            revokeFamilyOfRotatedToken(token);
            return null;
        }
        found = visibleInCurrentRealm(found);
        if (found != null && CODE.equals(tokenType)) {
            rememberActiveCodeLookup(found);
            String authorizingSession = found.getAttribute(AuthorizingSession.AUTHORIZATION_ATTRIBUTE);
            if (authorizingSession != null) {
                sessionIds.open(authorizingSession, found.getId()).ifPresent(AuthorizingSession::redeeming);
            }
        }
        if (found != null && STATE.equals(tokenType) && PushedRequests.isPushedRequest(found)) {
            return presentPushedRequest(found);
        }
        return found;
    }

    /**
     * A newly issued code remembers the browser session it was issued to, so the ID token names that session
     * ({@link AuthorizingSession}); set once, in the browser request that received the code, and sealed: the id is
     * the session cookie.
     */
    private OAuth2Authorization withAuthorizingSession(OAuth2Authorization authorization) {
        var code = authorization.getToken(OAuth2AuthorizationCode.class);
        if (code == null || authorization.getAccessToken() != null
                || authorization.getAttribute(AuthorizingSession.AUTHORIZATION_ATTRIBUTE) != null) {
            return authorization;
        }
        return AuthorizingSession.current().map(session -> OAuth2Authorization.from(authorization)
                .attribute(AuthorizingSession.AUTHORIZATION_ATTRIBUTE, sessionIds.seal(session, authorization.getId()))
                .build()).orElse(authorization);
    }

    /**
     * Notes, for this request only, that it loaded an authorization whose code was still unused. A save of that
     * authorization in the same request with the code now invalidated is a redemption and must win the claim.
     * (Comparing with the stored row is not enough: a second redeemer may have loaded the row before the first
     * committed.)
     */
    private static void rememberActiveCodeLookup(OAuth2Authorization found) {
        var code = found.getToken(OAuth2AuthorizationCode.class);
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (code != null && code.isActive() && request != null) {
            request.setAttribute(CODE_LOOKUP_ATTRIBUTE, found.getId(), RequestAttributes.SCOPE_REQUEST);
        }
    }

    private void claimCodeRedemption(OAuth2Authorization updated) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        var code = updated.getToken(OAuth2AuthorizationCode.class);
        if (request == null || code == null || !code.isInvalidated() || updated.getAccessToken() == null
                || !updated.getId().equals(request.getAttribute(CODE_LOOKUP_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST))) {
            return;
        }
        request.removeAttribute(CODE_LOOKUP_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        try {
            jdbc.sql("INSERT INTO oauth2_code_redemption (authorization_id, redeemed_at) VALUES (?, ?)")
                    .params(updated.getId(), Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException concurrentRedemption) {
            throw invalidGrant("authorization code already redeemed");
        }
    }

    private void recordRotatedRefreshToken(OAuth2Authorization stored, OAuth2Authorization updated) {
        OAuth2Authorization.Token<OAuth2RefreshToken> before = stored.getRefreshToken();
        OAuth2Authorization.Token<OAuth2RefreshToken> after = updated.getRefreshToken();
        if (before == null || after == null) {
            return;
        }
        // stored is loaded from the store (hashed), updated may hold a new token in plain: compare stored forms
        String rotatedAway = storedValues.stored(before.getToken().getTokenValue());
        if (rotatedAway.equals(storedValues.stored(after.getToken().getTokenValue()))) {
            return;
        }
        Instant expires = before.getToken().getExpiresAt() != null ? before.getToken().getExpiresAt()
                : clock.instant().plusSeconds(86400);
        try {
            jdbc.sql("INSERT INTO oauth2_refresh_rotation (token_hash, authorization_id, expires_at) VALUES (?, ?, ?)")
                    .params(rotatedAway, updated.getId(), Timestamp.from(expires))
                    .update();
        } catch (DuplicateKeyException concurrentRotation) {
            throw new RefreshTokenReused();
        }
    }

    private void revokeFamilyOfRotatedToken(String token) {
        if (token == null || token.isEmpty()) {
            return;
        }
        String authorizationId = jdbc.sql("SELECT authorization_id FROM oauth2_refresh_rotation WHERE token_hash = ?")
                .param(storedValues.lookupKey(token))
                .query(String.class)
                .optional()
                .orElse(null);
        if (authorizationId == null) {
            return;
        }
        OAuth2Authorization family = delegate.findById(authorizationId);
        if (family != null) {
            log.warn("Rotated refresh token presented again; revoking its token family (client {})",
                    family.getRegisteredClientId());
            delegate.remove(family);
        }
    }

    /** Removes bookkeeping rows that can no longer matter. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM oauth2_refresh_rotation WHERE expires_at < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }

    private static OAuth2Authorization visibleInCurrentRealm(OAuth2Authorization authorization) {
        if (authorization == null) {
            return null;
        }
        var realm = RealmAuthorizationServerContext.currentRealm();
        if (realm.isPresent()
                && !realm.get().equals(RealmClientRepository.realmOf(authorization.getRegisteredClientId()))) {
            return null;
        }
        return authorization;
    }

    private static void requireSameRealm(OAuth2Authorization authorization) {
        var realm = RealmAuthorizationServerContext.currentRealm();
        if (realm.isPresent()
                && !realm.get().equals(RealmClientRepository.realmOf(authorization.getRegisteredClientId()))) {
            throw new IllegalStateException("authorization does not belong to the realm of this request");
        }
    }

    private static OAuth2AuthenticationException invalidGrant(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
    }

    /** Signals, out of the failed transaction, that a refresh token was rotated twice at once. */
    private static final class RefreshTokenReused extends RuntimeException {
        RefreshTokenReused() {
            super(null, null, false, false);
        }
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
