package nl.toegang.account.password;

/**
 * Length limits for one realm, counted in Unicode code points after NFC normalisation (NIST SP 800-63B-4 §3.1.1.2).
 * The UTF-8 byte cap of the hasher ({@link #MAX_BYTES}) applies on top of {@code maxLength}.
 *
 * @param minLength shortest accepted password: 15 where a password alone signs in, at least 8 otherwise
 * @param maxLength longest accepted password; at least 64 so passphrases and password managers fit
 */
public record PasswordRules(int minLength, int maxLength) {

    /** Same as the default {@code toegang.password-hash.max-password-bytes}: the hasher refuses anything longer. */
    public static final int MAX_BYTES = 1024;
    static final int PASSWORD_ONLY_MIN = 15;
    static final int SECOND_FACTOR_MIN = 8;
    static final int DEFAULT_MAX = 256;
    private static final int LEAST_MAX = 64;

    public PasswordRules {
        if (minLength < SECOND_FACTOR_MIN) {
            throw new IllegalArgumentException("minLength must be at least " + SECOND_FACTOR_MIN);
        }
        if (maxLength < LEAST_MAX || maxLength < minLength) {
            throw new IllegalArgumentException("maxLength must be at least " + LEAST_MAX + " and at least minLength");
        }
        // A code point is at most 4 UTF-8 bytes; a larger maximum would promise lengths the hasher refuses.
        if (maxLength > MAX_BYTES / 4) {
            throw new IllegalArgumentException("maxLength must be at most " + MAX_BYTES / 4);
        }
    }

    /** A realm where the password alone can sign in. */
    public static PasswordRules passwordOnly() {
        return new PasswordRules(PASSWORD_ONLY_MIN, DEFAULT_MAX);
    }

    /** A realm that always requires a second factor after the password. */
    public static PasswordRules withSecondFactor() {
        return new PasswordRules(SECOND_FACTOR_MIN, DEFAULT_MAX);
    }
}
