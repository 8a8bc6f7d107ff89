package nl.toegang.account.password;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Finds context words (email, name, realm, product) in a password, ignoring case and accents and tolerating the
 * usual leetspeak ("T0eg4ng"): attackers who target one user or one organisation try those words first.
 */
final class ContextWordMatcher {

    /** Which letters a character may stand for. '1' is ambiguous: it is used for both i and l. */
    private static final Map<Integer, String> LEET = Map.of(
            (int) '4', "a", (int) '@', "a", (int) '3', "e", (int) '0', "o", (int) '1', "il",
            (int) '!', "i", (int) '|', "l", (int) '5', "s", (int) '$', "s", (int) '7', "t");

    /** True when the password contains any of the words (as folded by {@link PasswordContext}). */
    boolean containsAny(String password, Collection<String> words) {
        int[] text = fold(password).codePoints().toArray();
        for (String word : words) {
            if (contains(text, fold(word).codePoints().toArray())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] text, int[] word) {
        if (word.length == 0) {
            return false;
        }
        for (int start = 0; start + word.length <= text.length; start++) {
            int k = 0;
            while (k < word.length && sameLetter(text[start + k], word[k])) {
                k++;
            }
            if (k == word.length) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameLetter(int typed, int wanted) {
        if (typed == wanted) {
            return true;
        }
        String letters = LEET.get(typed);
        return letters != null && letters.indexOf(wanted) >= 0;
    }

    /** Lower case without accents, so "José" matches "jose" and "JOSÉ". */
    static String fold(String s) {
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return Normalizer.normalize(decomposed.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }
}
