package nl.toegang.realm;

import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.regex.Pattern;

/** Reads and validates one entry of {@code users:}. */
final class UserReader {
    static final List<String> FIELDS = List.of("email", "password", "name", "emailVerified", "locale");

    /** Deliberately basic: one @, no spaces, a domain of dot-separated labels. Delivery is the real test. */
    private static final Pattern EMAIL = Pattern.compile(
            "[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private UserReader() {
    }

    static UserSeed read(Node node, int position, String realmLocale, ParseContext context) {
        String provisional = YamlMapping.peek(node, "email").map(e -> "user '" + e + "'")
                .orElse("users entry " + position);
        YamlMapping user = YamlMapping.of(node, "in " + provisional, FIELDS, context);
        LocatedString email = user.requiredString("email");
        if (email.value().length() > 254 || !EMAIL.matcher(email.value()).matches()) {
            throw context.error(email.line(), "'" + email.value() + "' is not an email address");
        }
        LocatedString password = user.requiredString("password");
        String name = user.requiredString("name").value();
        boolean emailVerified = user.bool("emailVerified").orElse(false);
        String locale = user.string("locale")
                .map(value -> SettingsReader.oneOf(value, SettingsReader.LOCALES, "locale", context))
                .orElse(realmLocale);
        return new UserSeed(email.value(), new Secret(password.value()), name, emailVerified, locale, user.line());
    }
}
