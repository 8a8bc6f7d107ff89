package nl.toegang.account.password;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Words an attacker who knows the user and the site would try first (ASVS 6.2.11): parts of the email address and
 * name, the realm's names and the product name. Words are NFC, lower case and at least {@link #MIN_WORD_LENGTH}
 * code points long, since shorter ones occur in too many ordinary passwords to be worth blocking.
 *
 * @param words the context words, folded
 */
public record PasswordContext(Set<String> words) {

    public static final String PRODUCT_NAME = "Toegang";
    static final int MIN_WORD_LENGTH = 3;

    /**
     * Dutch, German and other name particles: three letters long but part of countless words ("onder", "verder"),
     * so blocking them would reject ordinary passphrases without stopping a targeted guess.
     */
    private static final Set<String> NAME_PARTICLES = Set.of(
            "van", "der", "den", "ten", "ter", "het", "von", "vom", "zum", "zur", "des", "del", "dos", "das",
            "aan", "bij", "uit", "voor", "tot", "les", "los", "las");

    public PasswordContext {
        words = words.stream()
                .map(PasswordContext::fold)
                .filter(w -> w.codePointCount(0, w.length()) >= MIN_WORD_LENGTH)
                .collect(Collectors.toUnmodifiableSet());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Only the product name, for checks made before the user or realm is known. */
    public static PasswordContext productOnly() {
        return builder().build();
    }

    private static String fold(String s) {
        return Normalizer.normalize(Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT),
                Normalizer.Form.NFC).strip();
    }

    /** Collects context words; every method ignores null. */
    public static final class Builder {
        private final Set<String> words = new LinkedHashSet<>();

        private Builder() {
            words.add(PRODUCT_NAME);
        }

        /** The whole local part and its pieces split on . _ - + ("jan.de-vries+idp" → jan, vries, idp). */
        public Builder email(String email) {
            if (email != null) {
                int at = email.lastIndexOf('@');
                String local = at < 0 ? email : email.substring(0, at);
                words.add(local);
                addParts(local, "[._+\\-]+");
            }
            return this;
        }

        /** Each part of the user's name ("Anne-Marie van Dijk" → anne, marie, dijk). */
        public Builder name(String name) {
            if (name != null) {
                addParts(name, "[\\s\\-']+");
            }
            return this;
        }

        /** The realm's technical name and display name, whole and split into words. */
        public Builder realm(String name, String displayName) {
            for (String s : new String[] {name, displayName}) {
                if (s != null) {
                    words.add(s);
                    addParts(s, "[^\\p{L}\\p{N}]+");
                }
            }
            return this;
        }

        /** Any further words, such as the organisation's name or the service the user signs in to. */
        public Builder extraWords(String... extra) {
            if (extra != null) {
                Arrays.stream(extra).filter(w -> w != null).forEach(words::add);
            }
            return this;
        }

        public PasswordContext build() {
            return new PasswordContext(words);
        }

        private void addParts(String s, String separators) {
            for (String part : s.split(separators)) {
                if (!NAME_PARTICLES.contains(fold(part))) {
                    words.add(part);
                }
            }
        }
    }
}
