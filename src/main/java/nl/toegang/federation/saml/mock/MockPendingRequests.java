package nl.toegang.federation.saml.mock;

import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The verified requests a mock IdP page is waiting on, in the browser's own session under an unguessable token: the
 * choice page shows it again by GET (language switch, reload), the answer takes it once. Another browser, or a
 * token already answered, finds nothing.
 */
final class MockPendingRequests<T extends Serializable> {
    private final String sessionPrefix;
    private final Class<T> type;
    private final SecureRandom random;

    MockPendingRequests(String sessionPrefix, Class<T> type, SecureRandom random) {
        this.sessionPrefix = sessionPrefix;
        this.type = type;
        this.random = random;
    }

    /** Keeps {@code request} in this session; the token names it in the page's form and language links. */
    String hold(HttpSession session, T request) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        session.setAttribute(sessionPrefix + token, request);
        return token;
    }

    /** The waiting request, left in place; a 400 when this session holds none under the token. */
    T find(HttpSession session, String token) {
        Object stored = session.getAttribute(sessionPrefix + token);
        if (!type.isInstance(stored)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown or used mock login");
        }
        return type.cast(stored);
    }

    /** The waiting request, removed so that it is answered once; a 400 as {@link #find}. */
    T take(HttpSession session, String token) {
        T request = find(session, token);
        session.removeAttribute(sessionPrefix + token);
        return request;
    }
}
