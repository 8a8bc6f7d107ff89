package nl.toegang.realm;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every realm-specific URL starts with {@code /realms/{name}/}; this reads the name from a request. */
public final class RealmPaths {
    private static final Pattern REALM_PATH = Pattern.compile("^/realms/([a-z0-9][a-z0-9-]{0,62})(/.*)?$");

    private RealmPaths() {
    }

    /** The realm name in the request path, if the path has the realm shape (the realm may still be unknown). */
    public static Optional<String> realmName(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher m = REALM_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The realm name in a path such as {@code /realms/portal/login} (without context path). */
    public static Optional<String> realmName(String path) {
        Matcher m = REALM_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static boolean isRealmPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/realms/");
    }
}
