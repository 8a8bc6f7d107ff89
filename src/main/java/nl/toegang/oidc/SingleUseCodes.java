package nl.toegang.oidc;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * Around Spring's authorization-code grant provider: a code is redeemed once, also when two nodes redeem it at the same
 * moment. Spring marks the code used in the stored authorization, but two nodes that both loaded it unused would both
 * issue tokens. Here the redemption and the insert into {@code oauth2_code_redemption} (keyed by the authorization) are
 * one transaction: the first insert wins, the other redemption is rolled back (its tokens are never stored) and
 * answered {@code invalid_grant}. A code presented again after its redemption is Spring's case: it revokes the tokens
 * the code bought and refuses, and that revocation is kept. The authorization's row stays locked during the
 * redemption ({@link AuthorizationRowLock}), so a session that ends meanwhile revokes the new tokens too.
 */
public final class SingleUseCodes implements AuthenticationProvider {
    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

    private final AuthenticationProvider delegate;
    private final OAuth2AuthorizationService authorizations;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public SingleUseCodes(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations, JdbcClient jdbc,
                          TransactionTemplate transaction, Clock clock) {
        this.delegate = delegate;
        this.authorizations = authorizations;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication instanceof OAuth2AuthorizationCodeAuthenticationToken grant)) {
            return delegate.authenticate(authentication);
        }
        return transaction.execute(status -> redeem(grant, status)).result();
    }

    private GrantOutcome redeem(OAuth2AuthorizationCodeAuthenticationToken grant, TransactionStatus status) {
        // Which authorization the code belongs to; the store's save no longer reads the row, so no extra round trip.
        OAuth2Authorization presented = authorizations.findByToken(grant.getCode(), CODE);
        if (presented != null && !new AuthorizationRowLock(jdbc).lock(presented.getId())) {
            presented = null; // revoked between the lookup and the lock: Spring refuses the code, nothing is saved
        }
        Authentication issued;
        try {
            issued = delegate.authenticate(grant);
        } catch (AuthenticationException refused) {
            return GrantOutcome.refused(refused);
        }
        if (presented == null || !claimed(presented.getId())) {
            status.setRollbackOnly();
            return GrantOutcome.refused(new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_GRANT, "authorization code already redeemed", null)));
        }
        return GrantOutcome.issued(issued);
    }

    private boolean claimed(String authorizationId) {
        try {
            jdbc.sql("INSERT INTO oauth2_code_redemption (authorization_id, redeemed_at) VALUES (?, ?)")
                    .params(authorizationId, Timestamp.from(clock.instant()))
                    .update();
            return true;
        } catch (DuplicateKeyException concurrentRedemption) {
            return false;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }
}
