package nl.toegang.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import nl.toegang.config.PublicUrl;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import java.net.URI;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies private_key_jwt client assertions (RFC 7523): signed by a key of the client (inline JWKS from the realm
 * file or its jwksUri), {@code iss} = {@code sub} = client id, {@code aud} = the realm's issuer, short-lived, and each
 * {@code jti} used once across all nodes.
 */
public class ClientAssertionDecoderFactory implements JwtDecoderFactory<RegisteredClient> {
    private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

    private final PublicUrl publicUrl;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

    public ClientAssertionDecoderFactory(PublicUrl publicUrl, JdbcClient jdbc, Clock clock) {
        this.publicUrl = publicUrl;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        return decoders.computeIfAbsent(client.getId(), id -> build(client));
    }

    private JwtDecoder build(RegisteredClient client) {
        JWKSource<SecurityContext> keys = keySource(client);
        var processor = new DefaultJWTProcessor<SecurityContext>();
        // FAPI 2.0 §5.4.1: PS256, ES256 (or EdDSA) only; other clients may still use RS256.
        boolean fapi2 = Boolean.TRUE.equals(client.getClientSettings().getSetting(RealmClientRepository.FAPI2_SETTING));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(fapi2 ? Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES256)
                : Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256), keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        var decoder = new NimbusJwtDecoder(processor);
        String issuer = publicUrl.issuer(RealmClientRepository.realmOf(client.getId()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(),
                claim(jwt -> client.getClientId().equals(jwt.getClaimAsString("iss")), "iss must be the client id"),
                claim(jwt -> client.getClientId().equals(jwt.getSubject()), "sub must be the client id"),
                claim(jwt -> jwt.getAudience() != null && jwt.getAudience().equals(List.of(issuer)),
                        "aud must be the issuer " + issuer),
                claim(jwt -> jwt.getExpiresAt() != null
                                && jwt.getExpiresAt().isBefore(clock.instant().plus(MAX_ASSERTION_LIFETIME)),
                        "exp must be within 5 minutes"),
                claim(jwt -> jwt.getId() != null && !jwt.getId().isBlank(), "jti is required"),
                this::jtiNotReplayed)));
        return decoder;
    }

    private OAuth2TokenValidatorResult jtiNotReplayed(Jwt jwt) {
        String key = StoredAuthorizations.sha256(jwt.getClaimAsString("iss") + "\n" + jwt.getId());
        Instant expires = jwt.getExpiresAt() != null ? jwt.getExpiresAt() : clock.instant().plus(MAX_ASSERTION_LIFETIME);
        try {
            jdbc.sql("INSERT INTO client_assertion_jti (jti_hash, expires_at) VALUES (?, ?)")
                    .params(key, Timestamp.from(expires))
                    .update();
            return OAuth2TokenValidatorResult.success();
        } catch (DuplicateKeyException replay) {
            return OAuth2TokenValidatorResult.failure(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "client assertion jti already used", null));
        }
    }

    /** Removes remembered jti values whose assertions have expired anyway. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM client_assertion_jti WHERE expires_at < ?")
                .param(Timestamp.from(clock.instant()))
                .update();
    }

    private static OAuth2TokenValidator<Jwt> claim(java.util.function.Predicate<Jwt> test, String failure) {
        return jwt -> test.test(jwt) ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, failure, null));
    }

    private static JWKSource<SecurityContext> keySource(RegisteredClient client) {
        Object inline = client.getClientSettings().getSetting(RealmClientRepository.INLINE_JWKS_SETTING);
        try {
            if (inline instanceof String json) {
                return new ImmutableJWKSet<>(JWKSet.parse(json));
            }
            String uri = client.getClientSettings().getJwkSetUrl();
            if (uri != null) {
                return JWKSourceBuilder.create(URI.create(uri).toURL()).build();
            }
        } catch (ParseException | java.net.MalformedURLException e) {
            throw new IllegalStateException("client " + client.getClientId() + " has unusable keys", e);
        }
        return (selector, context) -> List.of();
    }
}
