package nl.toegang.oidc.logout;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import nl.toegang.config.PublicUrl;
import nl.toegang.oidc.keys.RealmKeyService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds and signs OIDC Back-Channel Logout tokens (spec §2.4): header {@code typ: logout+jwt} and the realm's
 * current signing key ({@code kid}, the realm's algorithm); claims {@code iss}, {@code aud} = the client id,
 * {@code iat}, a short {@code exp}, {@code jti}, the logout {@code events} member, {@code sub} and, when known,
 * {@code sid}. Never a {@code nonce}: that would let the token pass as an ID token.
 */
public class LogoutTokenSigner {
    public static final String TYPE = "logout+jwt";
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private final RealmKeyService keys;
    private final PublicUrl publicUrl;
    private final Clock clock;
    private final Duration lifetime;

    public LogoutTokenSigner(RealmKeyService keys, PublicUrl publicUrl, Clock clock, Duration lifetime) {
        this.keys = keys;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A freshly signed logout token for this delivery (compact serialisation). */
    public String sign(LogoutDelivery delivery) {
        JWK key = keys.signingKey(delivery.realm());
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(publicUrl.issuer(delivery.realm()))
                .audience(delivery.clientId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(delivery.id())
                .subject(delivery.subject())
                .claim("events", events());
        if (delivery.sid() != null) {
            claims.claim("sid", delivery.sid());
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(key.getAlgorithm().getName()))
                .type(new JOSEObjectType(TYPE))
                .keyID(key.getKeyID())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a logout token for realm " + delivery.realm(), e);
        }
        return jwt.serialize();
    }

    private static Map<String, Object> events() {
        Map<String, Object> events = new HashMap<>();
        events.put(EVENT, new HashMap<String, Object>());
        return events;
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa);
        }
        if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        throw new IllegalStateException("unsupported signing key type " + key.getKeyType());
    }
}
