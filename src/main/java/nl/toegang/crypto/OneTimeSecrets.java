package nl.toegang.crypto;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Single-use secrets sent to people (email codes, verification and reset links) and how they are stored: only a
 * keyed hash, so a copy of the database alone does not let anyone use them, not even the short numeric codes.
 */
@Component
public class OneTimeSecrets {
    private static final int CODE_DIGITS = 8;
    private static final int LINK_TOKEN_BYTES = 32;

    private final SecureRandom random;
    private final KeyedHash hash;

    public OneTimeSecrets(SecureRandom random, MasterKey masterKey) {
        this.random = random;
        this.hash = KeyedHash.derivedFrom(masterKey, "one-time-secrets");
    }

    /** An 8-digit code: easy to type from a phone, safe because attempts per code are limited. */
    public String newCode() {
        StringBuilder code = new StringBuilder(CODE_DIGITS);
        for (int i = 0; i < CODE_DIGITS; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        return code.toString();
    }

    /** A 256-bit URL-safe token for links. */
    public String newLinkToken() {
        byte[] bytes = new byte[LINK_TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A random identifier that does not reveal anything (used where a real id must be indistinguishable). */
    public String newOpaqueId() {
        return java.util.UUID.nameUUIDFromBytes(newLinkToken().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .toString();
    }

    public String hash(String secret) {
        return hash.hash(secret);
    }

    public boolean matches(String secret, String storedHash) {
        return secret != null && hash.matches(secret, storedHash);
    }

    /** Codes are typed by people: ignore spaces and dashes. */
    public static String normalizeCode(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "");
    }
}
