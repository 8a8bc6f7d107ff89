package nl.toegang.federation.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import nl.toegang.realm.UpstreamSettings;
import nl.toegang.saml.PemFiles;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our keys toward providers that authenticate us with {@code private_key_jwt} (OIDC Core §9, RFC 7523): each read once
 * from the realm file's {@code signingKey}, published (public part only) at
 * {@code /realms/{realm}/upstream/{id}/jwks} for the provider to fetch, and used to sign one short-lived client
 * assertion per token request.
 */
final class ClientKeys {
    /** A client assertion is used at once; a minute covers clock differences without making a captured one useful. */
    static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final Map<Path, RSAKey> keys = new ConcurrentHashMap<>();

    /** The upstream's key pair; the realm file reader has already checked that the file holds an RSA key. */
    RSAKey key(UpstreamSettings settings) {
        Path file = settings.signingKey().orElseThrow(() -> new IllegalStateException("upstream " + settings.id()
                + " has no signingKey"));
        return keys.computeIfAbsent(file, ClientKeys::load);
    }

    /** The public key set a provider fetches to check our assertions. */
    Map<String, Object> publicKeys(UpstreamSettings settings) {
        return new JWKSet(key(settings).toPublicJWK()).toJSONObject();
    }

    /**
     * A client assertion for one token request: {@code iss} and {@code sub} our client id, {@code aud} the token
     * endpoint (OIDC Core §9), a random {@code jti}, valid for {@link #ASSERTION_LIFETIME}.
     *
     * @param algorithm RS256 or PS256, as the provider accepts
     */
    String assertion(UpstreamSettings settings, String tokenEndpoint, String algorithm, Instant now, byte[] jti) {
        RSAKey key = key(settings);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.clientId()).subject(settings.clientId()).audience(tokenEndpoint)
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(jti))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(algorithm)).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a client assertion for upstream " + settings.id(), e);
        }
        return jwt.serialize();
    }

    private static RSAKey load(Path file) {
        RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) PemFiles.privateKey(file);
        try {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE).build();
            return new RSAKey.Builder(key).keyIDFromThumbprint().build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot use " + file + " as a client assertion key", e);
        }
    }
}
