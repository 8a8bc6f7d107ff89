package nl.toegang.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.audit.AuditLog;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.RegisterSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Establishes a realm SSO session for a subject that has been authenticated by some method (password, second
 * factor, passkey, DigiD). Every login path ends here, so session fixation protection, the OIDC session registry
 * and the per-realm security context are handled in one place.
 */
@Component
public class RealmSignIn {
    /** Authority marking which realm a principal belongs to. */
    public static final String REALM_AUTHORITY_PREFIX = "REALM_";
    /** Marks a principal authenticated by a federation IdP (DigiD): a federated identity, not an email account. */
    public static final String FEDERATED_AUTHORITY = "FEDERATED_IDENTITY";

    private final RealmSecurityContextRepository contexts;
    private final RealmRequestCache requests;
    private final SessionAuthenticationStrategy sessionStrategy;
    private final AuditLog audit;
    private final Clock clock;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public RealmSignIn(RealmSecurityContextRepository contexts, RealmRequestCache requests,
                       SessionRegistry sessionRegistry, AuditLog audit, Clock clock) {
        this.contexts = contexts;
        this.audit = audit;
        this.requests = requests;
        this.clock = clock;
        // New session id at login (fixation), register the session for the OIDC sid, fresh CSRF token.
        this.sessionStrategy = new CompositeSessionAuthenticationStrategy(List.of(
                new ChangeSessionIdAuthenticationStrategy(),
                new RegisterSessionAuthenticationStrategy(sessionRegistry),
                new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository())));
    }

    /** A factor authority stamped with the current time, e.g. {@code factor(FactorGrantedAuthority.PASSWORD_AUTHORITY)}. */
    public FactorGrantedAuthority factor(String authority) {
        return FactorGrantedAuthority.withAuthority(authority).issuedAt(clock.instant()).build();
    }

    /**
     * Signs the browser in as a federated identity (DigiD): like {@link #signIn}, plus {@link #FEDERATED_AUTHORITY}
     * so that checks meant for email accounts know this principal is not one, and the session's idle clock
     * ({@link SessionValidityFilter#FEDERATED_IDLE_TIMEOUT}) starts now.
     */
    public String signInFederated(String realm, String subject, Collection<? extends GrantedAuthority> authorities,
                                  HttpServletRequest request, HttpServletResponse response) {
        List<GrantedAuthority> all = new ArrayList<>(authorities);
        all.add(new SimpleGrantedAuthority(FEDERATED_AUTHORITY));
        String next = signIn(realm, subject, all, request, response);
        // Starts the idle clock of SessionValidityFilter (after signIn: the session id has just changed).
        request.getSession().setAttribute(SessionValidityFilter.lastActivityAttribute(realm), clock.instant());
        return next;
    }

    /**
     * Ends this browser's session in {@code realm} (and only there), the way {@link SessionValidityFilter} ends an
     * invalid one: an empty security context for the realm, and the federated idle clock removed.
     */
    public void signOut(String realm, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext empty = holder.createEmptyContext();
        holder.setContext(empty);
        contexts.saveContext(empty, request, response);
        var session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(SessionValidityFilter.lastActivityAttribute(realm));
        }
    }

    /**
     * Signs the browser in to {@code realm} as {@code subject} with the given factors and returns where to send it
     * next: the request that sent it to the login page, or the realm's home page.
     */
    public String signIn(String realm, String subject, Collection<? extends GrantedAuthority> factors,
                         HttpServletRequest request, HttpServletResponse response) {
        String next = establish(realm, subject, factors, request, response);
        // Which factors, never their values: the account's own activity list and support read this.
        audit.event(realm, "login", "success").account(subject).reason(factorNames(factors)).record();
        return next;
    }

    /**
     * Gives a browser that is already signed in a fresh session after a credential change (the change ended every
     * session of the account): the same as {@link #signIn}, but not recorded as a new login.
     */
    public void renew(String realm, String subject, Collection<? extends GrantedAuthority> factors,
                      HttpServletRequest request, HttpServletResponse response) {
        establish(realm, subject, factors, request, response);
    }

    private static String factorNames(Collection<? extends GrantedAuthority> factors) {
        return factors.stream().filter(FactorGrantedAuthority.class::isInstance).map(GrantedAuthority::getAuthority)
                .sorted().collect(java.util.stream.Collectors.joining(" "));
    }

    private String establish(String realm, String subject, Collection<? extends GrantedAuthority> factors,
                             HttpServletRequest request, HttpServletResponse response) {
        // ArrayList, not List.of: the authentication is stored as JSON with an allowlist of collection types.
        List<GrantedAuthority> authorities = new ArrayList<>(factors);
        authorities.add(new SimpleGrantedAuthority(REALM_AUTHORITY_PREFIX + realm));
        var principal = new User(subject, "", authorities);
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        sessionStrategy.onAuthentication(authentication, request, response);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(authentication);
        holder.setContext(context);
        contexts.saveContext(context, request, response);

        SavedRequest saved = requests.getRequest(request, response);
        return saved != null ? saved.getRedirectUrl() : request.getContextPath() + "/realms/" + realm + "/";
    }
}
