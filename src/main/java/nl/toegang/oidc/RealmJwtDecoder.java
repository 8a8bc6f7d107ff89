package nl.toegang.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.keys.PublishedKeySource;
import nl.toegang.oidc.keys.RealmKeyService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates access tokens presented to this server's own endpoints (userinfo): signature by one of the realm's
 * published keys and {@code iss} equal to that realm's issuer, so a token of one realm is worthless in another.
 */
public class RealmJwtDecoder implements JwtDecoder {
    private final RealmKeyService keys;
    private final PublicUrl publicUrl;
    private final Map<String, NimbusJwtDecoder> decoders = new ConcurrentHashMap<>();

    public RealmJwtDecoder(RealmKeyService keys, PublicUrl publicUrl) {
        this.keys = keys;
        this.publicUrl = publicUrl;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        String realm = RealmAuthorizationServerContext.currentRealm()
                .orElseThrow(() -> new JwtException("token presented outside a realm"));
        return decoders.computeIfAbsent(realm, this::decoderFor).decode(token);
    }

    private NimbusJwtDecoder decoderFor(String realm) {
        JWKSource<SecurityContext> published = new PublishedKeySource(keys, realm);
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256), published));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        }); // claims are checked by Spring's validators below
        var decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(), new JwtIssuerValidator(publicUrl.issuer(realm))));
        return decoder;
    }
}
