package nl.toegang.oidc;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The authorization store as one realm sees it: an authorization (code, tokens, pushed request) of another realm is
 * never found, and saving or removing one is refused. The realm is the one of the request being handled
 * ({@link RealmAuthorizationServerContext}); without one every call is refused, never let through. Work that runs
 * outside a realm's request (back-channel logout) names its realm with {@link #inRealm}.
 */
public final class RealmIsolatedAuthorizations implements OAuth2AuthorizationService {
    private final OAuth2AuthorizationService store;
    private final Supplier<String> realm;

    /** Isolated by the realm of the current request; refuses to work outside one. */
    public RealmIsolatedAuthorizations(OAuth2AuthorizationService store) {
        this(store, RealmAuthorizationServerContext::requireRealm);
    }

    private RealmIsolatedAuthorizations(OAuth2AuthorizationService store, Supplier<String> realm) {
        this.store = store;
        this.realm = realm;
    }

    /** The same store as {@code realm} sees it, whatever request (if any) is being handled. */
    public OAuth2AuthorizationService inRealm(String realm) {
        Objects.requireNonNull(realm, "realm");
        return new RealmIsolatedAuthorizations(store, () -> realm);
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        store.save(ofThisRealm(authorization));
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        store.remove(ofThisRealm(authorization));
    }

    @Override
    public OAuth2Authorization findById(String id) {
        String current = realm.get();
        return visibleIn(current, store.findById(id));
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        String current = realm.get(); // before the lookup: without a realm nothing is looked up at all
        return visibleIn(current, store.findByToken(token, tokenType));
    }

    private OAuth2Authorization ofThisRealm(OAuth2Authorization authorization) {
        if (!belongsTo(realm.get(), authorization)) {
            throw new IllegalStateException("authorization does not belong to the realm of this request");
        }
        return authorization;
    }

    private static OAuth2Authorization visibleIn(String realm, OAuth2Authorization authorization) {
        return authorization != null && belongsTo(realm, authorization) ? authorization : null;
    }

    private static boolean belongsTo(String realm, OAuth2Authorization authorization) {
        return realm.equals(RealmClientRepository.realmOf(authorization.getRegisteredClientId()));
    }
}
