package nl.toegang.mfa.recovery;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Salted slow hash of a normalised recovery code: PBKDF2-HMAC-SHA256, 16-byte salt per code, 32-byte output,
 * stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} so the cost can be raised later without breaking old
 * rows (NIST 800-63B §3.1.1.2: scheme and cost stored with the hash).
 */
public final class RecoveryCodeHasher {

    public static final int MIN_ITERATIONS = 100_000;
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256 passwords; codes carry 50 random bits, so this is generous. */
    public static final int DEFAULT_ITERATIONS = 210_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final SecureRandom random;
    private final int iterations;

    public RecoveryCodeHasher(SecureRandom random, int iterations) {
        this.random = Objects.requireNonNull(random, "random");
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS);
        }
        this.iterations = iterations;
    }

    public String hash(String normalisedCode) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(normalisedCode, salt, iterations));
    }

    /** Whether {@code stored} is a hash of {@code normalisedCode}; false for a malformed or unknown-scheme value. */
    public boolean matches(String normalisedCode, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            int storedIterations = Integer.parseInt(parts[1]);
            if (storedIterations < MIN_ITERATIONS) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(pbkdf2(normalisedCode, salt, storedIterations), expected);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] pbkdf2(String code, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
