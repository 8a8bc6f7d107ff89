package nl.toegang.console;

import nl.toegang.oidc.AccountConsoleClient;

import java.util.regex.Pattern;

/**
 * Which paths are the console of a realm, and where the console may send a browser after its sign-in: only to a
 * console page of the same realm, so the return path can never become an open redirect.
 */
public final class ConsolePaths {
    /** A console path: {@code /realms/{realm}/account} or below, with an optional query; nothing that escapes it. */
    private static final Pattern CONSOLE = Pattern.compile(
            "^/realms/([a-z0-9][a-z0-9-]{0,62})/account(/[A-Za-z0-9._~/-]*)?(\\?[A-Za-z0-9._~=&%+-]*)?$");

    private ConsolePaths() {
    }

    public static String home(String realm) {
        return "/realms/" + realm + "/account";
    }

    public static String callback(String realm) {
        return "/realms/" + realm + AccountConsoleClient.CALLBACK_PATH;
    }

    /**
     * {@code candidate} when it is a console page of {@code realm} (path and simple query, no {@code ..} or
     * {@code //}, not the callback); the console home page of that realm otherwise.
     */
    public static String safeReturn(String realm, String candidate) {
        if (candidate == null || candidate.contains("..") || candidate.contains("//")) {
            return home(realm);
        }
        var matcher = CONSOLE.matcher(candidate);
        if (!matcher.matches() || !matcher.group(1).equals(realm)) {
            return home(realm);
        }
        String path = candidate.contains("?") ? candidate.substring(0, candidate.indexOf('?')) : candidate;
        return path.equals(callback(realm)) ? home(realm) : candidate;
    }
}
