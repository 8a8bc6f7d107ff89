package nl.toegang.oidc.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a DPoP proof (RFC 9449 §4.3), step by step, each step with the requirement it failed named in the error.
 * Unlike Spring's verifier, the {@code jti} replay check is shared by all nodes ({@link DpopReplayCache}), the time
 * comes from the injected clock, and the accepted algorithms are an explicit asymmetric allowlist.
 */
public final class DpopProofVerifier {
    /** Asymmetric algorithms only: {@code none} and HMAC (a shared secret is no proof of possession) are refused. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.PS256,
            JWSAlgorithm.RS256);
    public static final List<String> ALGORITHM_NAMES = List.of("ES256", "ES384", "PS256", "RS256");
    static final JOSEObjectType TYPE = new JOSEObjectType("dpop+jwt");
    /** How old a proof may be (RFC 9449 §11.1 leaves it to the server; proofs are made per request). */
    static final Duration MAX_AGE = Duration.ofSeconds(60);
    /** Clock difference tolerated for proofs from the future (FAPI 2.0 accepts 10 s). */
    static final Duration MAX_FUTURE = Duration.ofSeconds(10);
    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_JTI_LENGTH = 256;

    private final DpopReplayCache replays;
    private final Clock clock;

    public DpopProofVerifier(DpopReplayCache replays, Clock clock) {
        this.replays = replays;
        this.clock = clock;
    }

    /**
     * @param proof       the value of the single {@code DPoP} header
     * @param method      the HTTP method of the request
     * @param uri         the URI of the endpoint, without query and fragment
     * @param accessToken the access token presented with the proof, or null at the token endpoint
     * @return the proof key's JWK SHA-256 thumbprint ({@code jkt})
     * @throws InvalidDpopProof naming the failed requirement
     */
    public VerifiedProof verify(String proof, String method, String uri, String accessToken) {
        SignedJWT jwt = parse(proof);                       // §4.3 (2): a well-formed JWT
        JWSHeader header = jwt.getHeader();
        if (!TYPE.equals(header.getType())) {             // (4)
            throw new InvalidDpopProof("typ must be dpop+jwt");
        }
        if (!ALGORITHMS.contains(header.getAlgorithm())) { // (5)
            throw new InvalidDpopProof("alg must be one of " + String.join(", ", ALGORITHM_NAMES));
        }
        JWK key = header.getJWK();
        if (key == null || key.isPrivate()) {               // (7)
            throw new InvalidDpopProof("the jwk header must hold a public key");
        }
        verifySignature(jwt, key);                          // (6)
        JWTClaimsSet claims = claims(jwt);
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > MAX_JTI_LENGTH) { // (3)
            throw new InvalidDpopProof("jti is required");
        }
        if (!method.equalsIgnoreCase(stringClaim(claims, "htm"))) {         // (8)
            throw new InvalidDpopProof("htm must be the request method " + method);
        }
        if (!sameUri(uri, stringClaim(claims, "htu"))) {                   // (9)
            throw new InvalidDpopProof("htu must be " + uri);
        }
        Instant now = clock.instant();
        Instant issuedAt = claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant();
        if (issuedAt == null || issuedAt.isBefore(now.minus(MAX_AGE)) || issuedAt.isAfter(now.plus(MAX_FUTURE))) {
            throw new InvalidDpopProof("iat must be within the last " + MAX_AGE.toSeconds() + " seconds"); // (11)
        }
        if (accessToken != null && !base64Sha256(accessToken).equals(stringClaim(claims, "ath"))) { // (12)
            throw new InvalidDpopProof("ath must be the hash of the access token");
        }
        String jkt = thumbprint(key);
        // (11) single use: a captured proof cannot be replayed on this or any other node while its iat is accepted.
        if (!replays.markUsed(hex(jkt + "\n" + jti), issuedAt.plus(MAX_AGE).plus(MAX_FUTURE))) {
            throw new InvalidDpopProof("this proof was already used; make a new proof for every request");
        }
        return new VerifiedProof(jkt);
    }

    private static SignedJWT parse(String proof) {
        try {
            return SignedJWT.parse(proof);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidDpopProof("the DPoP header is not a signed JWT");
        }
    }

    private static void verifySignature(SignedJWT jwt, JWK key) {
        try {
            JWSVerifier verifier;
            if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(jwt.getHeader().getAlgorithm())) {
                verifier = new ECDSAVerifier(ec);
            } else if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(jwt.getHeader().getAlgorithm())) {
                if (rsa.size() < MIN_RSA_BITS) {
                    throw new InvalidDpopProof("RSA keys must have at least " + MIN_RSA_BITS + " bits");
                }
                verifier = new RSASSAVerifier(rsa);
            } else {
                throw new InvalidDpopProof("the jwk key type does not fit alg");
            }
            if (!jwt.verify(verifier)) {
                throw new InvalidDpopProof("the signature does not verify with the jwk");
            }
        } catch (JOSEException e) {
            throw new InvalidDpopProof("the signature does not verify with the jwk");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidDpopProof("the proof's claims are not a JSON object");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String value ? value : null;
    }

    /** RFC 9449 §4.3 (9): compared without query and fragment, scheme and host case-insensitively. */
    private static boolean sameUri(String expected, String htu) {
        if (htu == null) {
            return false;
        }
        try {
            URI given = new URI(htu);
            URI wanted = new URI(expected);
            return given.getScheme() != null && given.getScheme().equalsIgnoreCase(wanted.getScheme())
                    && given.getHost() != null && given.getHost().equalsIgnoreCase(wanted.getHost())
                    && effectivePort(given) == effectivePort(wanted)
                    && wanted.getRawPath().equals(given.getRawPath());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new InvalidDpopProof("the jwk has no usable thumbprint");
        }
    }

    static String base64Sha256(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(value));
    }

    private static String hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proof that passed every check; {@code jkt} is the thumbprint tokens are bound to. */
    public record VerifiedProof(String jkt) {
    }

    /** A proof that failed a check; the message names the requirement and never echoes the proof. */
    public static final class InvalidDpopProof extends RuntimeException {
        public InvalidDpopProof(String message) {
            super(message, null, false, false);
        }
    }
}
