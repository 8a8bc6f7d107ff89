package nl.toegang.admin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.keys.PublishedKeySource;
import nl.toegang.oidc.keys.RealmKeyService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.Set;

/**
 * Accepts only access tokens that realm {@value #ADMIN_REALM} issued to a client for itself (client_credentials):
 * signature by one of that realm's published keys, {@code iss} = its issuer, not expired, and {@code sub} equal to
 * {@code client_id} (a user's token, or an ID token, has neither shape). Tokens of every other realm fail the
 * signature or the issuer check. Deliberately not a bean: the realm-context {@code JwtDecoder} bean serves userinfo.
 */
final class AdminTokenDecoder implements JwtDecoder {
    static final String ADMIN_REALM = "admin";

    private final RealmKeyService keys;
    private final PublicUrl publicUrl;
    private volatile NimbusJwtDecoder decoder;

    AdminTokenDecoder(RealmKeyService keys, PublicUrl publicUrl) {
        this.keys = keys;
        this.publicUrl = publicUrl;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        return decoder().decode(token);
    }

    // Built on first use: the issuer depends on the public URL, which may only be known once the server listens.
    private NimbusJwtDecoder decoder() {
        NimbusJwtDecoder current = decoder;
        if (current == null) {
            JWKSource<SecurityContext> published = new PublishedKeySource(keys, ADMIN_REALM);
            var processor = new DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                    Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256), published));
            processor.setJWTClaimsSetVerifier((claims, context) -> {
            }); // checked by the validators below
            current = new NimbusJwtDecoder(processor);
            current.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                    new JwtIssuerValidator(publicUrl.issuer(ADMIN_REALM)), clientOwnToken()));
            decoder = current;
        }
        return current;
    }

    private static OAuth2TokenValidator<Jwt> clientOwnToken() {
        return jwt -> {
            String clientId = jwt.getClaimAsString("client_id");
            return clientId != null && clientId.equals(jwt.getSubject())
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "not a client_credentials access token", null));
        };
    }
}
