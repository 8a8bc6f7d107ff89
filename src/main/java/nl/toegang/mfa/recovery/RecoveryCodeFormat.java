package nl.toegang.mfa.recovery;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Recovery codes for humans: 10 characters from Crockford's Base32 alphabet (no I, L, O, U), so 50 bits of entropy,
 * shown as {@code xxxxx-xxxxx}. Typed codes are normalised before any comparison: case, spaces and dashes do not
 * matter, and the look-alikes O, I and L are read as 0, 1 and 1.
 */
public final class RecoveryCodeFormat {

    static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    static final int LENGTH = 10;

    private RecoveryCodeFormat() {
    }

    /** A new random code in display form. */
    public static String newCode(SecureRandom random) {
        StringBuilder code = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length()))); // nextInt(32) is uniform
        }
        return code.toString();
    }

    /** The canonical form (10 lower-case alphabet characters), or null when the input cannot be a recovery code. */
    public static String normalise(String typed) {
        if (typed == null || typed.length() > 64) {
            return null;
        }
        StringBuilder out = new StringBuilder(LENGTH);
        for (char c : typed.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == ' ' || c == '-' || c == '\t') {
                continue;
            }
            char mapped = switch (c) {
                case 'o' -> '0';
                case 'i', 'l' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(mapped) < 0) {
                return null;
            }
            out.append(mapped);
        }
        return out.length() == LENGTH ? out.toString() : null;
    }
}
