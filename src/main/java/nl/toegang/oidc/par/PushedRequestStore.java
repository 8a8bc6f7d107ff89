package nl.toegang.oidc.par;

import nl.toegang.oidc.RealmAuthorizationServerContext;
import nl.toegang.oidc.RealmClientRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import java.time.Clock;

/**
 * Where pushed authorization requests rest: in the shared authorization store (so every node sees them), under the
 * limits of {@link PushedRequests}. A push is saved stamped with its time; a presentation at the authorization endpoint
 * records the first one and removes an expired request; consuming it (once Spring has issued a code for it) succeeds on
 * exactly one node.
 */
public final class PushedRequestStore {
    private final OAuth2AuthorizationService store;
    private final JdbcClient jdbc;
    private final Clock clock;

    /** @param store the authorization store the pushed requests rest in (hashed values, no realm rules) */
    public PushedRequestStore(OAuth2AuthorizationService store, JdbcClient jdbc, Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Saves a pushed request; a new push is stamped with the time it was pushed. */
    public void save(OAuth2Authorization pushed) {
        store.save(PushedRequests.stamped(pushed, clock.instant()));
    }

    /**
     * Spring removes a pushed request once it has issued a code for it. Only the node whose DELETE removes the row
     * may go on: a second, concurrent use of the same request_uri fails here (its code is never sent).
     */
    public void consume(OAuth2Authorization pushed) {
        int deleted = jdbc.sql("DELETE FROM oauth2_authorization WHERE id = ?").param(pushed.getId()).update();
        if (deleted == 0) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                    "request_uri already used", null));
        }
    }

    /**
     * A pushed request presented at the authorization endpoint: expired ones are removed and never found. Presented at
     * another realm's endpoint it is left untouched (and that realm does not see it): only its own realm starts its
     * completion time or removes it.
     */
    public OAuth2Authorization present(OAuth2Authorization pushed) {
        if (!RealmAuthorizationServerContext.currentRealm()
                .map(realm -> realm.equals(RealmClientRepository.realmOf(pushed.getRegisteredClientId())))
                .orElse(false)) {
            return pushed;
        }
        if (PushedRequests.present(pushed, clock.instant()) instanceof PushedRequests.Presentation.Usable usable) {
            if (usable.mustSave()) {
                store.save(usable.authorization());
            }
            return usable.authorization();
        }
        store.remove(pushed);
        return null;
    }
}
