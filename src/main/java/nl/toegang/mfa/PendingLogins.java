package nl.toegang.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/** The per-realm "second factor pending" session attribute: put, read (unexpired only) and end. */
@Component
public class PendingLogins {
    static final String ATTRIBUTE_PREFIX = "TOEGANG_MFA_PENDING:";

    private final Clock clock;

    public PendingLogins(Clock clock) {
        this.clock = clock;
    }

    /**
     * Stores the state under a new session id, so a session id planted before the password was typed does not
     * carry the half-finished login.
     */
    public void start(HttpServletRequest request, PendingLogin pending) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(ATTRIBUTE_PREFIX + pending.realm(), pending);
    }

    public Optional<PendingLogin> current(HttpServletRequest request, String realm) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        if (session.getAttribute(ATTRIBUTE_PREFIX + realm) instanceof PendingLogin pending
                && pending.realm().equals(realm)) {
            if (pending.expired(clock.instant())) {
                session.removeAttribute(ATTRIBUTE_PREFIX + realm);
                return Optional.empty();
            }
            return Optional.of(pending);
        }
        return Optional.empty();
    }

    /** Ends the pending state; called before signing in, so it is used exactly once. */
    public void end(HttpServletRequest request, String realm) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE_PREFIX + realm);
        }
    }
}
