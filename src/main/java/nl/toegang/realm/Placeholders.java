package nl.toegang.realm;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:default}} in a scalar value with environment variables, so secrets
 * stay out of realm files. {@code $${} writes a literal {@code ${}. Substituted values are not scanned again: a
 * variable's value can never inject another placeholder.
 */
final class Placeholders {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> environment;

    Placeholders(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** @throws UnresolvablePlaceholderException with a message meant for an operator (no file or line) */
    String resolve(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new UnresolvablePlaceholderException(
                            "placeholder '${' is not closed with '}' (write $${ for a literal ${)");
                }
                out.append(valueOf(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private String valueOf(String body) {
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon);
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new UnresolvablePlaceholderException("placeholder '${" + name + (colon < 0 ? "" : ":...")
                    + "}' does not name an environment variable (letters, digits and _, not starting with a digit)");
        }
        String value = environment.apply(name);
        if (value != null) {
            return value;
        }
        if (colon < 0) {
            throw new UnresolvablePlaceholderException("environment variable " + name + " is not set and ${" + name
                    + "} has no default; set " + name + " or write ${" + name + ":default}");
        }
        return body.substring(colon + 1);
    }

    /** A placeholder that cannot be replaced; the caller adds file and line. */
    static final class UnresolvablePlaceholderException extends RuntimeException {
        UnresolvablePlaceholderException(String message) {
            super(message);
        }
    }
}
