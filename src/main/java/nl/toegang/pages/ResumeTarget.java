package nl.toegang.pages;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The authorization request a login page continues ({@code resume}), carried in the login form so that a login whose
 * session was lost (tab left open overnight, cookies cleared, back button, second tab) can still end at the client
 * that asked for it. Only a relative URL of this realm's own authorization endpoint is accepted, so the value can
 * never send the browser anywhere else: the endpoint checks the client, redirect URI and PKCE again.
 */
public final class ResumeTarget {
    private static final int MAX_LENGTH = 4000;

    private ResumeTarget() {
    }

    /** {@code value} as {@code /realms/{realm}/oauth2/authorize?...}, when it is exactly that; empty otherwise. */
    public static Optional<String> of(String value, String realm, String contextPath) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String authorize = contextPath + "/realms/" + realm + "/oauth2/authorize";
        if (uri.getRawAuthority() != null || uri.getScheme() != null || uri.getRawFragment() != null
                || uri.getRawQuery() == null || !authorize.equals(uri.getRawPath())) {
            return Optional.empty();
        }
        return Optional.of(authorize + "?" + uri.getRawQuery());
    }

    /** The same check for an absolute URL of this server (a saved request): keeps only its path and query. */
    public static Optional<String> fromAbsolute(String url, String realm, String contextPath) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            return uri.getRawQuery() == null ? Optional.empty()
                    : of(uri.getRawPath() + "?" + uri.getRawQuery(), realm, contextPath);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
