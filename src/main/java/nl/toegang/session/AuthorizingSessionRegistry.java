package nl.toegang.session;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

/**
 * The session registry Spring Authorization Server asks for the account's sessions when it redeems a code (to put
 * {@code sid} in the ID token; it takes the one used last). While a code is redeemed whose authorizing session is
 * known ({@link AuthorizingSession}), the answer is that session alone, looked up by id: the right {@code sid},
 * one read instead of reading every session of the account. Expired, ended or someone else's: no session, so no
 * {@code sid} rather than a wrong one. Everything else goes to the store-backed registry.
 */
public class AuthorizingSessionRegistry implements SessionRegistry {
    private final SessionRegistry store;

    public AuthorizingSessionRegistry(SessionRegistry store) {
        this.store = store;
    }

    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        Optional<String> authorizing = AuthorizingSession.redeemed();
        if (authorizing.isEmpty()) {
            return store.getAllSessions(principal, includeExpiredSessions);
        }
        SessionInformation session = store.getSessionInformation(authorizing.get());
        if (session == null || (session.isExpired() && !includeExpiredSessions)
                || !name(principal).equals(String.valueOf(session.getPrincipal()))) {
            return List.of();
        }
        return List.of(session);
    }

    /** As the store indexes sessions: by user name. */
    private static String name(Object principal) {
        if (principal instanceof UserDetails user) {
            return user.getUsername();
        }
        if (principal instanceof Principal named) {
            return named.getName();
        }
        return String.valueOf(principal);
    }

    @Override
    public List<Object> getAllPrincipals() {
        return store.getAllPrincipals();
    }

    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        return store.getSessionInformation(sessionId);
    }

    @Override
    public void refreshLastRequest(String sessionId) {
        store.refreshLastRequest(sessionId);
    }

    @Override
    public void registerNewSession(String sessionId, Object principal) {
        store.registerNewSession(sessionId, principal);
    }

    @Override
    public void removeSessionInformation(String sessionId) {
        store.removeSessionInformation(sessionId);
    }
}
