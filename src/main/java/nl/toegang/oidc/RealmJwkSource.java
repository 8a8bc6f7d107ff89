package nl.toegang.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import nl.toegang.oidc.keys.RealmKeyService;

import java.util.List;

/** Publishes the current realm's public keys (signing, next and retired-but-still-valid) at its JWKS endpoint. */
public class RealmJwkSource implements JWKSource<SecurityContext> {
    private final RealmKeyService keys;

    public RealmJwkSource(RealmKeyService keys) {
        this.keys = keys;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return RealmAuthorizationServerContext.currentRealm()
                .map(realm -> selector.select(keys.publishedKeys(realm)))
                .orElse(List.of());
    }
}
