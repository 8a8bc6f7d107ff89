package nl.toegang.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import nl.toegang.oidc.keys.RealmKeyService;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs with exactly one key: the realm's ACTIVE key. Published-but-not-signing keys are never candidates, so a
 * NEXT key can be announced in JWKS long before it is used.
 */
public class RealmJwtEncoder implements JwtEncoder {
    private final RealmKeyService keys;
    /** One encoder per signing kid; keys change rarely, and an encoder caches its JWS signer. */
    private final Map<String, NimbusJwtEncoder> encoders = new ConcurrentHashMap<>();

    public RealmJwtEncoder(RealmKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
        String realm = RealmAuthorizationServerContext.requireRealm();
        JWK signingKey = keys.signingKey(realm);
        NimbusJwtEncoder encoder = encoders.get(signingKey.getKeyID());
        if (encoder == null) {
            if (encoders.size() > 64) {
                encoders.clear(); // old kids are never used again; keep the cache small
            }
            encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
            encoders.put(signingKey.getKeyID(), encoder);
        }
        return encoder.encode(parameters);
    }
}
