package nl.toegang.realm;

import java.util.Set;

/**
 * Client ids the server defines itself in every realm. A realm file cannot declare them: the built-in definition is
 * the only one, so no realm file can widen its redirect URIs, grants or authentication.
 */
public final class BuiltInClients {
    /** The account console ({@code /realms/{realm}/account}), an OIDC client of its own realm (docs/console.md). */
    public static final String ACCOUNT_CONSOLE = "account-console";

    public static final Set<String> RESERVED = Set.of(ACCOUNT_CONSOLE);

    private BuiltInClients() {
    }
}
