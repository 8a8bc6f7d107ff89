package nl.toegang.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A link of an upstream identity to an email account that waits for the person to sign in to that account
 * (docs/upstream.md "Linking policy"). Put in the browser's session by {@code federation.upstream} when the person
 * chose "sign in to link"; {@link LoginCompletion} makes it only when a login of exactly {@code accountId} completes in
 * this session within {@link #LIFETIME} (every factor the account's login needs included), and drops it on any other
 * completed login. The login page uses it to explain why it asks for the password and whose.
 *
 * @param email        the account's address, shown (read-only) on the login page
 * @param upstreamName the provider's display name in the language of the offer, for the explanation
 */
public record PendingAccountLink(String realm, String accountId, String identityId, String upstream, String email,
                                 String upstreamName, Instant createdAt) implements Serializable {
    /** A person who takes longer than this to sign in starts again at the provider. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String ATTRIBUTE = "TOEGANG_PENDING_ACCOUNT_LINK:";

    public PendingAccountLink {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(identityId, "identityId");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Waits in this session (replacing an earlier one of the realm: the last choice counts). */
    public void keep(HttpSession session) {
        session.setAttribute(ATTRIBUTE + realm, this);
    }

    /** The one waiting in this browser's session for the realm, still within its lifetime. */
    public static Optional<PendingAccountLink> current(HttpServletRequest request, String realm, Instant now) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE + realm) instanceof PendingAccountLink link
                && link.createdAt.plus(LIFETIME).isAfter(now) ? Optional.of(link) : Optional.empty();
    }

    /** Removes and returns it (expired or not: a completed login uses it up either way). */
    static Optional<PendingAccountLink> take(HttpServletRequest request, String realm) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object stored = session.getAttribute(ATTRIBUTE + realm);
        session.removeAttribute(ATTRIBUTE + realm);
        return stored instanceof PendingAccountLink link ? Optional.of(link) : Optional.empty();
    }

    /** The person gave up on linking (the login page's "continue without linking"). */
    public static void forget(HttpServletRequest request, String realm) {
        take(request, realm);
    }

    @Override
    public String toString() {
        return "PendingAccountLink[realm=" + realm + ", upstream=" + upstream + "]";
    }
}
