package nl.toegang.realm;

import java.util.List;
import java.util.Locale;

/**
 * Rough check that a client secret was generated rather than typed. It cannot prove randomness; it only refuses
 * what is certainly weak: short values, known placeholders, repetitions and values built from few characters.
 */
final class SecretStrength {
    static final int MIN_LENGTH = 32;
    /** Upper-bound estimate: length x log2(distinct characters). 44 base64 or 64 hex characters easily pass. */
    static final double MIN_ESTIMATED_BITS = 128;

    private static final List<String> PLACEHOLDER_WORDS = List.of("changeme", "changeit", "replaceme", "placeholder",
            "example", "password", "secret", "insecure", "dummy");

    private SecretStrength() {
    }

    static boolean isWeak(String secret) {
        return secret.length() < MIN_LENGTH
                || containsPlaceholder(secret)
                || isRepetition(secret)
                || estimatedBits(secret) < MIN_ESTIMATED_BITS;
    }

    static double estimatedBits(String secret) {
        long distinct = secret.codePoints().distinct().count();
        return distinct < 2 ? 0 : secret.length() * (Math.log(distinct) / Math.log(2));
    }

    private static boolean containsPlaceholder(String secret) {
        String letters = secret.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return PLACEHOLDER_WORDS.stream().anyMatch(letters::contains);
    }

    /** "abcdabcdabcd..." has many characters but the entropy of its first few. */
    private static boolean isRepetition(String secret) {
        int n = secret.length();
        for (int period = 1; period <= n / 2; period++) {
            if (n % period == 0 && secret.substring(0, period).repeat(n / period).equals(secret)) {
                return true;
            }
        }
        return false;
    }
}
