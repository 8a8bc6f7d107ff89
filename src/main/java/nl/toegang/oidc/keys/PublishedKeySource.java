package nl.toegang.oidc.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.util.List;
import java.util.Objects;

/**
 * One realm's published keys as the key source of a token verifier on this server (userinfo, admin API).
 *
 * <p>A key store that cannot be read (the database is away) must not look like a bad token: Nimbus turns a runtime
 * failure of a key source into {@code BadJwtException} (a 401 telling the client to drop a good token), but a
 * {@link KeySourceException} into a plain {@code JwtException}, which Spring Security reports as a service failure
 * that the outage handling recognises by its cause (503, try again).
 */
public final class PublishedKeySource implements JWKSource<SecurityContext> {
    private final RealmKeyService keys;
    private final String realm;

    public PublishedKeySource(RealmKeyService keys, String realm) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.realm = Objects.requireNonNull(realm, "realm");
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        try {
            return selector.select(keys.publishedKeys(realm));
        } catch (RuntimeException unavailable) {
            throw new KeySourceException("signing keys of realm " + realm + " could not be read", unavailable);
        }
    }
}
