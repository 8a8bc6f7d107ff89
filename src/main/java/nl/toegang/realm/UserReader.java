package nl.toegang.realm;

import org.yaml.snakeyaml.nodes.Node;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates one entry of {@code users:}. */
final class UserReader {
    static final List<String> FIELDS = List.of("email", "password", "name", "emailVerified", "locale", "roles");
    /** The realm whose users may carry staff roles: the one the support pages sign in to. */
    static final String STAFF_REALM = "admin";

    /** Deliberately basic: one @, no spaces, a domain of dot-separated labels. Delivery is the real test. */
    private static final Pattern EMAIL = Pattern.compile(
            "[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private UserReader() {
    }

    static UserSeed read(Node node, int position, String realm, String realmLocale, ParseContext context) {
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
        Set<String> roles = new LinkedHashSet<>();
        for (LocatedString role : user.strings("roles").orElse(List.of())) {
            if (!STAFF_REALM.equals(realm)) {
                // A role anywhere else would do nothing; staff sign in to realm admin only.
                throw context.error(role.line(), provisional + " has roles, but only users of realm '" + STAFF_REALM
                        + "' can have staff roles");
            }
            roles.add(SettingsReader.oneOf(role, ClientReader.ROLES, "role", context));
        }
        return new UserSeed(email.value(), new Secret(password.value()), name, emailVerified, locale, roles,
                user.line());
    }
}
