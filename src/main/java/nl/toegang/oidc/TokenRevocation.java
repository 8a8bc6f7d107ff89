package nl.toegang.oidc;

import nl.toegang.account.AccountTokens;
import nl.toegang.session.SessionIds;
import nl.toegang.session.SessionTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Revokes what a realm issued to one account, or in one of its SSO sessions: refresh tokens stop working at once,
 * access tokens are no longer active at introspection or userinfo (their signatures stay valid until they expire,
 * minutes later). Revoking deletes the authorization rows in the shared database, so every node refuses them at once.
 *
 * <p>A refresh or code redemption running at the same moment holds its row locked until it commits
 * ({@link RefreshTokenReuse}, {@link SingleUseCodes}): the delete waits for it and then removes what it saved, or it
 * finds the row gone and is refused. It never writes a deleted family back.
 */
@Component
public class TokenRevocation implements AccountTokens, SessionTokens {
    private static final Logger log = LoggerFactory.getLogger(TokenRevocation.class);

    private final JdbcClient jdbc;
    private final RealmIsolatedAuthorizations authorizations;
    private final AuthorizingSessions authorizingSessions;

    public TokenRevocation(JdbcClient jdbc, RealmIsolatedAuthorizations authorizations,
                           AuthorizingSessions authorizingSessions) {
        this.jdbc = jdbc;
        this.authorizations = authorizations;
        this.authorizingSessions = authorizingSessions;
    }

    /** Returns how many authorizations (token families) were revoked. */
    @Override
    public int revokeAll(String realm, String accountId) {
        return jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = ? AND registered_client_id LIKE ?")
                .params(accountId, RealmClientRepository.registeredClientId(realm, "%"))
                .update();
    }

    /**
     * Revokes the token families of one session: an authorization belongs to it when its ID token carries the
     * session's {@code sid} (a refreshed ID token keeps the first one's), or when its code was authorized in that
     * session (not redeemed yet, or redeemed without a sid). Families of the subject's other sessions stay.
     */
    @Override
    public int revokeIssuedIn(String realm, String subject, String sessionId) {
        String sid = SessionIds.sid(sessionId);
        List<String> ids = jdbc.sql("""
                        SELECT id FROM oauth2_authorization
                        WHERE principal_name = ? AND registered_client_id LIKE ?""")
                .params(subject, RealmClientRepository.registeredClientId(realm, "%"))
                .query(String.class)
                .list();
        // Runs when a session ends, also outside any request (expiry, another realm's page): the realm is named.
        OAuth2AuthorizationService inRealm = authorizations.inRealm(realm);
        int revoked = 0;
        for (String id : ids) {
            OAuth2Authorization authorization = inRealm.findById(id);
            if (authorization != null && issuedIn(authorization, sid, sessionId)) {
                revoked += jdbc.sql("DELETE FROM oauth2_authorization WHERE id = ?").param(id).update();
            }
        }
        if (revoked > 0) {
            log.info("session in realm {} ended: {} token famil{} revoked", realm, revoked, revoked == 1 ? "y" : "ies");
        }
        return revoked;
    }

    private boolean issuedIn(OAuth2Authorization authorization, String sid, String sessionId) {
        OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
        if (idToken != null && sid.equals(idToken.getToken().getClaimAsString("sid"))) {
            return true;
        }
        return authorizingSessions.authorizedIn(authorization, sessionId);
    }
}
