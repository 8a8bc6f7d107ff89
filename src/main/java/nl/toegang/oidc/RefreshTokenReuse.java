package nl.toegang.oidc;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Around Spring's refresh-token grant provider: refresh-token rotation with reuse detection (RFC 9700 §4.14.2).
 * <ul>
 *   <li>a refresh token that was rotated away and is presented again revokes its whole token family;</li>
 *   <li>the same refresh token rotated twice at once (two nodes): the rotation and its record in
 *       {@link RotatedRefreshTokens} are one transaction, the second record fails, that rotation is rolled back and
 *       the family revoked, because one of the two callers is not the real client.</li>
 * </ul>
 * A rotated-away token presented at introspection or revocation revokes its family too ({@link Elsewhere}). The
 * family's row stays locked while it is rotated ({@link AuthorizationRowLock}): a session that ends meanwhile revokes
 * the rotated tokens too, never the other way round.
 */
public final class RefreshTokenReuse implements AuthenticationProvider {
    private final AuthenticationProvider delegate;
    private final OAuth2AuthorizationService authorizations;
    private final RotatedRefreshTokens rotated;
    private final TransactionTemplate transaction;
    private final AuthorizationRowLock rows;

    public RefreshTokenReuse(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations,
                             RotatedRefreshTokens rotated, TransactionTemplate transaction, JdbcClient jdbc) {
        this.delegate = delegate;
        this.authorizations = authorizations;
        this.rotated = rotated;
        this.transaction = transaction;
        this.rows = new AuthorizationRowLock(jdbc);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication instanceof OAuth2RefreshTokenAuthenticationToken grant)) {
            return delegate.authenticate(authentication);
        }
        Rotation rotation = transaction.execute(status -> rotate(grant, status));
        if (rotation.reusedFamily() != null) {
            rotated.revokeFamily(rotation.reusedFamily());
        }
        return rotation.outcome().result();
    }

    private Rotation rotate(OAuth2RefreshTokenAuthenticationToken grant, TransactionStatus status) {
        // The family the token belongs to; the store's save no longer reads the row, so no extra round trip.
        OAuth2Authorization presented = authorizations.findByToken(grant.getRefreshToken(),
                OAuth2TokenType.REFRESH_TOKEN);
        if (presented == null) {
            rotated.familyOf(grant.getRefreshToken()).ifPresent(rotated::revokeFamily);
        } else if (!rows.lock(presented.getId())) {
            // Revoked between the lookup and the lock (its session ended): never saved back.
            return new Rotation(GrantOutcome.refused(new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_GRANT, "refresh token revoked", null))), null);
        }
        Authentication issued;
        try {
            issued = delegate.authenticate(grant); // unknown or rotated away: Spring answers invalid_grant
        } catch (AuthenticationException refused) {
            return new Rotation(GrantOutcome.refused(refused), null);
        }
        if (presented != null && rotatedAway(grant, issued)) {
            OAuth2Authorization.Token<OAuth2RefreshToken> before = presented.getRefreshToken();
            if (!rotated.record(grant.getRefreshToken(), presented.getId(),
                    before == null ? null : before.getToken().getExpiresAt())) {
                status.setRollbackOnly();
                return new Rotation(GrantOutcome.refused(new OAuth2AuthenticationException(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_GRANT, "refresh token reused", null))), presented.getId());
            }
        }
        return new Rotation(GrantOutcome.issued(issued), null);
    }

    /** A new refresh token was issued in place of the presented one (clients that reuse refresh tokens get none). */
    private static boolean rotatedAway(OAuth2RefreshTokenAuthenticationToken grant, Authentication issued) {
        return issued instanceof OAuth2AccessTokenAuthenticationToken tokens && tokens.getRefreshToken() != null
                && !tokens.getRefreshToken().getTokenValue().equals(grant.getRefreshToken());
    }

    /** @param reusedFamily the family to revoke once the rolled-back rotation is over, or null */
    private record Rotation(GrantOutcome outcome, String reusedFamily) {
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    /**
     * Around Spring's introspection and revocation providers: when they find no authorization for the presented token
     * (they then answer with the request itself: inactive, or nothing to revoke) and it is a rotated-away refresh
     * token, its family is revoked, as at the token endpoint.
     */
    public static final class Elsewhere implements AuthenticationProvider {
        private final AuthenticationProvider delegate;
        private final RotatedRefreshTokens rotated;

        public Elsewhere(AuthenticationProvider delegate, RotatedRefreshTokens rotated) {
            this.delegate = delegate;
            this.rotated = rotated;
        }

        @Override
        public Authentication authenticate(Authentication authentication) throws AuthenticationException {
            Authentication result = delegate.authenticate(authentication);
            if (result == authentication) {
                String token = authentication instanceof OAuth2TokenIntrospectionAuthenticationToken introspection
                        ? introspection.getToken()
                        : authentication instanceof OAuth2TokenRevocationAuthenticationToken revocation
                        ? revocation.getToken() : null;
                rotated.familyOf(token).ifPresent(rotated::revokeFamily);
            }
            return result;
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return delegate.supports(authentication);
        }
    }
}
