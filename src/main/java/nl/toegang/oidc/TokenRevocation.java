package nl.toegang.oidc;

import nl.toegang.account.AccountTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Revokes everything a realm issued to one account: refresh tokens stop working at once, access tokens are no
 * longer active at introspection or userinfo (their signatures stay valid until they expire, minutes later).
 */
@Component
public class TokenRevocation implements AccountTokens {
    private final JdbcClient jdbc;

    public TokenRevocation(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns how many authorizations (token families) were revoked. */
    @Override
    public int revokeAll(String realm, String accountId) {
        return jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = ? AND registered_client_id LIKE ?")
                .params(accountId, RealmClientRepository.registeredClientId(realm, "%"))
                .update();
    }
}
