package nl.toegang.realm;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Rules for redirect URIs and post-logout redirect URIs. They are compared exactly at runtime, so anything that
 * suggests pattern matching (wildcards) or cannot be compared reliably (relative URIs, fragments) is refused here.
 */
final class RedirectUriRules {
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<String> DANGEROUS_SCHEMES = Set.of("javascript", "data", "vbscript", "file");

    private RedirectUriRules() {
    }

    /** @return why the URI is refused, or empty when it is acceptable */
    static Optional<String> problem(String uri, boolean production) {
        if (uri.contains("*")) {
            return Optional.of("must not contain a wildcard (*); list every URI exactly");
        }
        if (uri.contains("#")) {
            return Optional.of("must not contain a fragment (#...); the authorization response may not carry one");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URI (" + e.getReason() + ")");
        }
        if (!parsed.isAbsolute() || parsed.isOpaque()) {
            return Optional.of("must be an absolute URI such as https://app.example.org/callback");
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (DANGEROUS_SCHEMES.contains(scheme)) {
            return Optional.of("uses the scheme '" + scheme + ":', which is never a valid redirect target");
        }
        if (scheme.equals("http") || scheme.equals("https")) {
            if (parsed.getHost() == null) {
                return Optional.of("has no host");
            }
            if (production && scheme.equals("http") && !isLoopback(parsed)) {
                return Optional.of("must use https in production (plain http is only allowed for localhost)");
            }
        }
        return Optional.empty();
    }

    /** For URIs the server itself fetches (jwksUri): http(s) only, https in production. */
    static Optional<String> fetchableProblem(String uri, boolean production) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URI (" + e.getReason() + ")");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || parsed.getHost() == null) {
            return Optional.of("must be an absolute https:// URL");
        }
        if (parsed.getRawFragment() != null) {
            return Optional.of("must not contain a fragment (#...)");
        }
        if (production && scheme.equals("http")) {
            return Optional.of("must use https in production");
        }
        return Optional.empty();
    }

    private static boolean isLoopback(URI uri) {
        return LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }
}
