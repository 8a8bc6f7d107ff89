package nl.toegang.federation.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ID token validation, OpenID Connect Core 1.0 §3.1.3.7, one check per step so a reviewer can hold this class next
 * to the spec. The signature is verified before any claim is believed; each refusal names its step.
 *
 * <p>Beyond the spec's minimum: only the asymmetric algorithms of {@link ProviderMetadata#ALGORITHMS} that the
 * provider advertises (never {@code none}, never HMAC); no audience besides ours (step 3 allows a client to refuse
 * audiences it does not trust, and we trust none); {@code azp}, when present, must be us even with a single audience;
 * {@code iat} is required and may be at most {@link #MAX_AGE} old.
 */
final class IdTokenChecks {
    /** Clock difference tolerated between us and the provider. */
    static final Duration SKEW = Duration.ofSeconds(60);
    /** An ID token issued longer ago than this did not come from the round trip we just started. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);
    /** OIDC Core §2: sub is at most 255 ASCII characters. */
    private static final int MAX_SUB = 255;

    private IdTokenChecks() {
    }

    /**
     * What the ID token of this round trip must be.
     *
     * @param algorithms the provider's advertised algorithms within our allowlist
     * @param nonce      the nonce this browser's pending login sent
     */
    record Expectation(String issuer, String clientId, String nonce, List<String> algorithms) {
        @Override
        public String toString() {
            return "Expectation[issuer=" + issuer + ", clientId=" + clientId + ", algorithms=" + algorithms + "]";
        }
    }

    /** @return the verified claims; never a partly checked token */
    static JWTClaimsSet verify(String idToken, Expectation expected, JWKSource<SecurityContext> keys, Instant now)
            throws UpstreamRefused {
        SignedJWT jwt = signed(idToken);
        algorithm(jwt, expected);
        JWTClaimsSet claims = signature(jwt, expected, keys);
        issuer(claims, expected);
        audience(claims, expected);
        authorizedParty(claims, expected);
        expiry(claims, now);
        issuedAt(claims, now);
        nonce(claims, expected);
        subject(claims);
        return claims;
    }

    /** Step 1: we registered no ID token encryption, so a JWE is not ours; an unsecured JWT (alg none) never is. */
    private static SignedJWT signed(String idToken) throws UpstreamRefused {
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new UpstreamRefused("ID token is not a JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new UpstreamRefused("§3.1.3.7 step 6: ID token is unsigned (alg none)");
        }
        if (jwt instanceof EncryptedJWT) {
            throw new UpstreamRefused("§3.1.3.7 step 1: ID token is encrypted, but no encryption was registered");
        }
        return (SignedJWT) jwt;
    }

    /** Step 7: the algorithm is one the provider advertises and Toegang accepts; HMAC is named as what it is. */
    private static void algorithm(SignedJWT jwt, Expectation expected) throws UpstreamRefused {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            throw new UpstreamRefused("§3.1.3.7 step 7: ID token signed with " + alg + " (HMAC); only asymmetric"
                    + " signatures are accepted");
        }
        if (!expected.algorithms().contains(alg.getName())) {
            throw new UpstreamRefused("§3.1.3.7 step 7: ID token algorithm " + alg + " is not one of "
                    + expected.algorithms());
        }
    }

    /** Step 6: the signature verifies with a key of the provider's JWKS (its jwks_uri from discovery). */
    private static JWTClaimsSet signature(SignedJWT jwt, Expectation expected, JWKSource<SecurityContext> keys)
            throws UpstreamRefused {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        Set<JWSAlgorithm> algorithms = expected.algorithms().stream().map(JWSAlgorithm::parse)
                .collect(Collectors.toSet());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWTClaimsSetVerifier(null); // the claims are checked below, step by step
        try {
            return processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new UpstreamRefused("§3.1.3.7 step 6: ID token signature does not verify with the provider's"
                    + " keys (" + e.getMessage() + ")");
        } catch (JOSEException e) {
            throw new UpstreamRefused("§3.1.3.7 step 6: the provider's keys could not be used (" + e.getMessage()
                    + ")", e);
        }
    }

    /** Step 2: iss is exactly the issuer of the provider's discovery document (which is the realm file's). */
    private static void issuer(JWTClaimsSet claims, Expectation expected) throws UpstreamRefused {
        if (!expected.issuer().equals(claims.getIssuer())) {
            throw new UpstreamRefused("§3.1.3.7 step 2: ID token iss '" + claims.getIssuer()
                    + "' is not the provider's issuer");
        }
    }

    /** Step 3: aud contains our client id, and no audience we do not trust (we trust none besides ourselves). */
    private static void audience(JWTClaimsSet claims, Expectation expected) throws UpstreamRefused {
        List<String> audience = claims.getAudience();
        if (!audience.contains(expected.clientId())) {
            throw new UpstreamRefused("§3.1.3.7 step 3: ID token aud " + audience + " does not name our client id");
        }
        if (audience.size() > 1) {
            throw new UpstreamRefused("§3.1.3.7 step 3: ID token aud " + audience + " names other audiences too");
        }
    }

    /** Steps 4 and 5: an azp, when present, is our client id. */
    private static void authorizedParty(JWTClaimsSet claims, Expectation expected) throws UpstreamRefused {
        Object azp = claims.getClaim("azp");
        if (azp != null && !expected.clientId().equals(azp)) {
            throw new UpstreamRefused("§3.1.3.7 step 5: ID token azp '" + azp + "' is not our client id");
        }
    }

    /** Step 9: not expired (with {@link #SKEW}). */
    private static void expiry(JWTClaimsSet claims, Instant now) throws UpstreamRefused {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new UpstreamRefused("§3.1.3.7 step 9: ID token has no exp");
        }
        if (!now.isBefore(exp.toInstant().plus(SKEW))) {
            throw new UpstreamRefused("§3.1.3.7 step 9: ID token expired at " + exp.toInstant());
        }
    }

    /** Step 10: issued now, not in the future and not longer than {@link #MAX_AGE} ago. */
    private static void issuedAt(JWTClaimsSet claims, Instant now) throws UpstreamRefused {
        Date iat = claims.getIssueTime();
        if (iat == null) {
            throw new UpstreamRefused("§3.1.3.7 step 10: ID token has no iat");
        }
        if (iat.toInstant().isAfter(now.plus(SKEW))) {
            throw new UpstreamRefused("§3.1.3.7 step 10: ID token iat " + iat.toInstant() + " is in the future");
        }
        if (iat.toInstant().isBefore(now.minus(MAX_AGE))) {
            throw new UpstreamRefused("§3.1.3.7 step 10: ID token iat " + iat.toInstant() + " is too long ago");
        }
    }

    /**
     * Step 11: the nonce this browser's pending login sent. That login is used up at the callback, so a token
     * replayed from an earlier login carries a nonce no pending login expects.
     */
    private static void nonce(JWTClaimsSet claims, Expectation expected) throws UpstreamRefused {
        Object nonce = claims.getClaim("nonce");
        if (!(nonce instanceof String value)) {
            throw new UpstreamRefused("§3.1.3.7 step 11: ID token has no nonce");
        }
        if (!MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                expected.nonce().getBytes(StandardCharsets.UTF_8))) {
            throw new UpstreamRefused("§3.1.3.7 step 11: ID token nonce is not the one this login sent");
        }
    }

    /** §2: sub is present, at most 255 ASCII characters. */
    private static void subject(JWTClaimsSet claims) throws UpstreamRefused {
        String sub = claims.getSubject();
        if (sub == null || sub.isEmpty() || sub.length() > MAX_SUB
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(sub)) {
            throw new UpstreamRefused("§2: ID token sub is missing or not 1 to 255 ASCII characters");
        }
    }
}
