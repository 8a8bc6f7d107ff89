package nl.toegang.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Pieces of realm files that many tests write: a list of signed-up users, one per test case so that tests do not
 * share lockout counters or sessions, and the admin realm whose {@code ops} client calls the admin API.
 */
public final class RealmYaml {
    private RealmYaml() {
    }

    /**
     * The entries of a {@code users:} list: {@code name@example.org} with {@code password}, named {@code name},
     * email verified.
     */
    public static String verifiedUsers(String password, List<String> names) {
        return verifiedUsers(password, null, names);
    }

    /** As {@link #verifiedUsers(String, List)}, each with {@code locale} (null: none). */
    public static String verifiedUsers(String password, String locale, List<String> names) {
        StringBuilder users = new StringBuilder();
        for (String name : names) {
            users.append("  - email: ").append(name).append("@example.org\n    password: ").append(password)
                    .append("\n    name: ").append(name).append("\n    emailVerified: true\n");
            if (locale != null) {
                users.append("    locale: ").append(locale).append('\n');
            }
        }
        return users.toString();
    }

    /** Writes {@code admin.yaml}: realm {@code admin} with client {@code ops} (client credentials, role admin). */
    public static void writeAdminRealm(Path realmsDir, String opsSecret) throws IOException {
        Files.writeString(realmsDir.resolve("admin.yaml"), """
                name: admin
                displayName: Beheer
                clients:
                  - clientId: ops
                    type: confidential
                    secret: %s
                    grantTypes: [client_credentials]
                    roles: [admin]
                """.formatted(opsSecret));
    }
}
