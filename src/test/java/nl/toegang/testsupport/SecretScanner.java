package nl.toegang.testsupport;

import nl.toegang.saml.Bsn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets in text lines: JWT-shaped strings (signed or encrypted, {@code eyJ...}), 9-digit numbers that pass
 * the 11-proef (a BSN), and any of the exact values the tests handled (passwords, client secrets, codes, refresh
 * tokens, recovery codes). A finding names the place and the kind, never the secret itself.
 */
public final class SecretScanner {
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    /** A number on its own: nine digits inside a UUID or hex string ({@code -711128054c}) are not a BSN. */
    private static final Pattern NINE_DIGITS = Pattern.compile("(?<![0-9A-Za-z])[0-9]{9}(?![0-9A-Za-z])");

    private final Set<String> known;

    public SecretScanner(Collection<String> knownSecrets) {
        this.known = new TreeSet<>();
        knownSecrets.stream().map(String::strip).filter(s -> s.length() >= TestRunSecrets.MIN_LENGTH)
                .forEach(known::add);
    }

    /** One line that holds a secret: where, and what kind. */
    public record Finding(String source, int line, String kind) {
        @Override
        public String toString() {
            return source + ":" + line + " " + kind;
        }
    }

    public List<Finding> scan(String source, List<String> lines) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String kind = kindOf(lines.get(i));
            if (kind != null) {
                findings.add(new Finding(source, i + 1, kind));
            }
        }
        return findings;
    }

    String kindOf(String line) {
        if (JWT.matcher(line).find()) {
            return "JWT-shaped token";
        }
        Matcher digits = NINE_DIGITS.matcher(line);
        while (digits.find()) {
            if (Bsn.isValid(digits.group())) {
                return "9-digit number passing the 11-proef (BSN)";
            }
        }
        for (String secret : known) {
            if (line.contains(secret)) {
                return "a secret the tests used (password, client secret, code or token; "
                        + secret.length() + " characters)";
            }
        }
        return null;
    }
}
