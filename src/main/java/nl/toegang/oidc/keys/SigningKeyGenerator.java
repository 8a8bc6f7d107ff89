package nl.toegang.oidc.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** Generates private signing JWKs with a random {@code kid}, {@code alg} and {@code use=sig}. */
final class SigningKeyGenerator {

    static final Set<String> SUPPORTED_ALGORITHMS = Set.of("RS256", "PS256", "ES256");

    private static final int RSA_BITS = 2048;
    private static final int KID_BYTES = 16;

    private final SecureRandom random = new SecureRandom();

    static String requireSupported(String algorithm) {
        if (algorithm == null || !SUPPORTED_ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("unsupported signing algorithm '" + algorithm + "'; supported: "
                    + SUPPORTED_ALGORITHMS);
        }
        return algorithm;
    }

    JWK generate(String algorithm) {
        requireSupported(algorithm);
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        String kid = newKid();
        try {
            if (JWSAlgorithm.Family.EC.contains(alg)) {
                return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(kid)
                        .secureRandom(random).generate();
            }
            return new RSAKeyGenerator(RSA_BITS).keyUse(KeyUse.SIGNATURE).algorithm(alg).keyID(kid)
                    .secureRandom(random).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate " + algorithm + " signing key", e);
        }
    }

    // Random rather than a thumbprint: nothing about the key can be learned from the kid, and it never collides
    // with a retired key that a realm file happens to recreate.
    private String newKid() {
        byte[] bytes = new byte[KID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
