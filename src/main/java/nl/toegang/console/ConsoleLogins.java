package nl.toegang.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.session.RealmSignIn;
import nl.toegang.session.SessionIds;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The console login of a browser, one per realm, in that realm's HTTP session. A console login counts only while it
 * belongs to the live realm session of this very browser: its {@code sid} is this session's and its {@code sub} is
 * the person signed in to the realm here. So every way a realm session ends (RP-initiated logout, sign out
 * everywhere, an end from another device, a timeout, a new sign-in) ends the console login on the next request.
 */
@Component
public class ConsoleLogins {
    static final String ATTRIBUTE_PREFIX = "TOEGANG_CONSOLE_LOGIN:";

    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    /** The live console login of this browser in {@code realm}; a stale one is removed. */
    public Optional<ConsoleLogin> current(String realm, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE_PREFIX + realm) instanceof ConsoleLogin login)) {
            return Optional.empty();
        }
        if (!belongsToThisRealmSession(realm, login, request)) {
            session.removeAttribute(ATTRIBUTE_PREFIX + realm);
            return Optional.empty();
        }
        return Optional.of(login);
    }

    /**
     * True when {@code login} names this browser's realm session ({@code sid}) and the person signed in to the realm
     * in it ({@code sub}).
     */
    public boolean belongsToThisRealmSession(String realm, ConsoleLogin login, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Authentication authentication = holder.getContext().getAuthentication();
        return session != null && authentication != null && authentication.isAuthenticated()
                && authentication.getAuthorities().stream()
                        .anyMatch(a -> a.getAuthority().equals(RealmSignIn.REALM_AUTHORITY_PREFIX + realm))
                && authentication.getName().equals(login.subject())
                && SessionIds.sid(session.getId()).equals(login.sid());
    }

    /** {@code login} with the {@code sid} of this browser's session. */
    ConsoleLogin bindToThisSession(ConsoleLogin login, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sid = session == null ? "" : SessionIds.sid(session.getId());
        return new ConsoleLogin(login.subject(), sid, login.authTime(), login.acr(), login.amr());
    }

    void store(String realm, ConsoleLogin login, HttpServletRequest request) {
        request.getSession().setAttribute(ATTRIBUTE_PREFIX + realm, login);
    }
}
