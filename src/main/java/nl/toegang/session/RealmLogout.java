package nl.toegang.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.audit.AuditLog;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Ends this browser's SSO session in one realm because the user (or the IdP on the user's behalf) logged out: the
 * realm's security context is emptied (other realms in the same browser stay signed in), {@link SsoSessionEnded}
 * with reason LOGOUT is published for that session, and an audit event is written. Every logout path ends here.
 */
@Component
public class RealmLogout {
    private final RealmSignIn signIn;
    private final SsoSessionEndings endings;
    private final AuditLog audit;

    public RealmLogout(RealmSignIn signIn, SsoSessionEndings endings, AuditLog audit) {
        this.signIn = signIn;
        this.endings = endings;
        this.audit = audit;
    }

    /** The principal signed in to {@code realm} in this request, if any. */
    public static Optional<Authentication> current(String realm) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        boolean inRealm = current != null && current.isAuthenticated() && current.getAuthorities().stream()
                .anyMatch(a -> (RealmSignIn.REALM_AUTHORITY_PREFIX + realm).equals(a.getAuthority()));
        return inRealm ? Optional.of(current) : Optional.empty();
    }

    /**
     * Ends the realm session of this browser, if there is one, and returns who was signed in.
     *
     * @param via how the logout arrived, for the audit trail (e.g. {@code oidc}, {@code confirmed}, {@code saml-idp})
     */
    public Optional<Authentication> end(String realm, String via, HttpServletRequest request,
                                        HttpServletResponse response) {
        Optional<Authentication> current = current(realm);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        HttpSession session = request.getSession(false);
        String sessionId = session == null ? null : session.getId();
        signIn.signOut(realm, request, response);
        audit.event(realm, "logout", "success").account(current.get().getName()).reason(via).record();
        if (sessionId != null) {
            // Through the claim, so an expiry of the same session reported by another node is not sent twice.
            endings.ended(sessionId, realm, current.get().getName(), SsoSessionEnded.Reason.LOGOUT);
        }
        return current;
    }
}
