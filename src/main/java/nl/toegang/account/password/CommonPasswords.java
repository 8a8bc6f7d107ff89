package nl.toegang.account.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Blocklist of common passwords, loaded once into an immutable set. The default list is zxcvbn's "passwords"
 * frequency list read straight from the zxcvbn4j jar; see {@code src/main/resources/passwords/README.md}.
 */
public final class CommonPasswords {

    /** zxcvbn4j's bundled list: 30,000 common passwords from leaked-password corpora, most frequent first. */
    static final String BUNDLED_LIST = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

    private final Set<String> entries;
    /** Longest entry in code units, so decorated variants are searched without trying every substring. */
    private final int longestEntry;

    /** The bundled zxcvbn list. */
    public CommonPasswords() {
        this(readBundledList());
    }

    public CommonPasswords(Collection<String> entries) {
        this.entries = entries.stream()
                .map(String::strip)
                .filter(e -> !e.isEmpty())
                .map(CommonPasswords::fold)
                .collect(Collectors.toUnmodifiableSet());
        this.longestEntry = this.entries.stream().mapToInt(String::length).max().orElse(0);
    }

    public int size() {
        return entries.size();
    }

    /** True when the password equals an entry, ignoring case. */
    public boolean contains(String password) {
        return entries.contains(fold(password));
    }

    /**
     * True when the password is an entry, ignoring case, with nothing but digits, punctuation, symbols or spaces
     * added before or after it ("password2024!", "!!Welcome1"): such additions are the first variations a cracker
     * tries.
     */
    public boolean isCommon(String password) {
        String folded = fold(password);
        if (entries.contains(folded)) {
            return true;
        }
        List<Integer> starts = decorationBoundaries(folded, true);
        List<Integer> ends = decorationBoundaries(folded, false);
        for (int start : starts) {
            for (int end : ends) {
                if (end > start && end - start <= longestEntry && entries.contains(folded.substring(start, end))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Code-point boundaries inside the leading (or trailing) run of decoration characters, including the outer edge:
     * every place where a blocklisted core could begin (or end).
     */
    private static List<Integer> decorationBoundaries(String s, boolean leading) {
        List<Integer> boundaries = new ArrayList<>();
        if (leading) {
            int i = 0;
            boundaries.add(i);
            while (i < s.length() && isDecoration(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
                boundaries.add(i);
            }
        } else {
            int i = s.length();
            boundaries.add(i);
            while (i > 0 && isDecoration(s.codePointBefore(i))) {
                i -= Character.charCount(s.codePointBefore(i));
                boundaries.add(i);
            }
        }
        return boundaries;
    }

    private static boolean isDecoration(int codePoint) {
        int type = Character.getType(codePoint);
        return !Character.isLetter(codePoint) && type != Character.NON_SPACING_MARK
                && type != Character.COMBINING_SPACING_MARK && type != Character.ENCLOSING_MARK;
    }

    static String fold(String s) {
        String nfc = Normalizer.normalize(s, Normalizer.Form.NFC);
        return Normalizer.normalize(nfc.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    private static List<String> readBundledList() {
        InputStream in = CommonPasswords.class.getResourceAsStream(BUNDLED_LIST);
        if (in == null) {
            throw new IllegalStateException("zxcvbn password list not on the class path: " + BUNDLED_LIST);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
