package nl.toegang.session;

import jakarta.servlet.http.HttpSession;

import java.util.Optional;

/**
 * Where the browser goes once every step of a logout is done (e.g. after DigiD's single logout): the relying party's
 * validated {@code post_logout_redirect_uri} with its {@code state}, kept in the HTTP session per realm as a plain
 * string. Only code that has checked the URI against the client's registration may {@link #remember} one.
 */
public final class PostLogoutRedirect {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_POST_LOGOUT_REDIRECT:";

    private PostLogoutRedirect() {
    }

    /** @param url the exact target, {@code state} already appended */
    public static void remember(HttpSession session, String realm, String url) {
        session.setAttribute(ATTRIBUTE_PREFIX + realm, url);
    }

    /**
     * The remembered target, left in the session: for a page that offers it as a link while a message that may
     * still come (a provider's logout answer) can use it up.
     */
    public static Optional<String> peek(HttpSession session, String realm) {
        return session != null && session.getAttribute(ATTRIBUTE_PREFIX + realm) instanceof String url
                ? Optional.of(url) : Optional.empty();
    }

    /** The remembered target, removed from the session (one use). */
    public static Optional<String> take(HttpSession session, String realm) {
        if (session == null) {
            return Optional.empty();
        }
        Object stored = session.getAttribute(ATTRIBUTE_PREFIX + realm);
        session.removeAttribute(ATTRIBUTE_PREFIX + realm);
        return stored instanceof String url ? Optional.of(url) : Optional.empty();
    }
}
