package nl.toegang.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.realm.RealmRegistry;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Establishes a realm SSO session for a subject that has been authenticated by some method (password, second
 * factor, passkey, DigiD): session fixation protection, the OIDC session registry and the per-realm security
 * context, in one place. Session mechanics only: deciding that a login is complete, auditing it and the new-device
 * notice belong to {@code login.LoginCompletion}, the only caller of {@link #signIn} and {@link #signInFederated}.
 */
@Component
public class RealmSignIn {
    /** Authority marking which realm a principal belongs to. */
    public static final String REALM_AUTHORITY_PREFIX = "REALM_";
    /** Marks a principal authenticated by a federation IdP (DigiD): a federated identity, not an email account. */
    public static final String FEDERATED_AUTHORITY = "FEDERATED_IDENTITY";
    /**
     * Prefix of the authority carrying the acr a federated login is issued with when the IdP is not DigiD (an
     * upstream OpenID Provider, mapped per the realm file), e.g. {@code FEDERATED_ACR:http://eidas.europa.eu/LoA/low}.
     */
    public static final String FEDERATED_ACR_PREFIX = "FEDERATED_ACR:";
    /** Prefix of the authority naming the upstream provider (its realm-file id) a federated login came from. */
    public static final String FEDERATED_UPSTREAM_PREFIX = "FEDERATED_UPSTREAM:";
    /** Session attribute: where to go after this login when no request was saved (see {@link #resumeAfterLogin}). */
    private static final String RESUME_PREFIX = "TOEGANG_RESUME:";

    /** Longest User-Agent kept in the session; enough to name browser and system. */
    private static final int USER_AGENT_MAX = 300;

    private final RealmSecurityContextRepository contexts;
    private final RealmRequestCache requests;
    private final RealmRegistry realms;
    private final SessionAuthenticationStrategy sessionStrategy;
    private final Clock clock;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public RealmSignIn(RealmSecurityContextRepository contexts, RealmRequestCache requests, RealmRegistry realms,
                       Clock clock) {
        this.contexts = contexts;
        this.requests = requests;
        this.realms = realms;
        this.clock = clock;
        // New session id at login (fixation) and a fresh CSRF token. The OIDC session registry needs no
        // registration: it reads the session store's principal index, filled from SessionAttributes.SUBJECT.
        this.sessionStrategy = new CompositeSessionAuthenticationStrategy(List.of(
                new ChangeSessionIdAuthenticationStrategy(),
                new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository())));
    }

    /** A factor authority stamped with the current time, e.g. {@code factor(FactorGrantedAuthority.PASSWORD_AUTHORITY)}. */
    public FactorGrantedAuthority factor(String authority) {
        return FactorGrantedAuthority.withAuthority(authority).issuedAt(clock.instant()).build();
    }

    /**
     * Signs the browser in as a federated identity (DigiD): like {@link #signIn}, plus {@link #FEDERATED_AUTHORITY}
     * so that checks meant for email accounts know this principal is not one, and the session ends after
     * {@link SessionValidityFilter#FEDERATED_IDLE_TIMEOUT} without a request (DigiD's rule).
     */
    public String signInFederated(String realm, String subject, Collection<? extends GrantedAuthority> authorities,
                                  HttpServletRequest request, HttpServletResponse response) {
        List<GrantedAuthority> all = new ArrayList<>(authorities);
        all.add(new SimpleGrantedAuthority(FEDERATED_AUTHORITY));
        return signIn(realm, subject, all, request, response);
    }

    /**
     * Ends this browser's session in {@code realm} (and only there), the way {@link SessionValidityFilter} ends an
     * invalid one: an empty security context for the realm, and the session no longer indexed under the subject.
     */
    public void signOut(String realm, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext empty = holder.createEmptyContext();
        holder.setContext(empty);
        contexts.saveContext(empty, request, response);
        var session = request.getSession(false);
        if (session != null) {
            for (String attribute : List.of(SessionAttributes.SUBJECT, SessionAttributes.REALM,
                    SessionAttributes.SIGNED_IN_AT, SessionAttributes.LAST_ACTIVITY, SessionAttributes.USER_AGENT,
                    SessionAttributes.SIGN_IN_METHOD, SessionAttributes.NETWORK)) {
                session.removeAttribute(attribute);
            }
        }
    }

    /**
     * Makes the (freshly renamed) HTTP session this realm's SSO session: indexed under the subject, with the realm's
     * idle timeout in the store and the instants the timeouts are measured from.
     */
    private void markSsoSession(String realm, String subject, Collection<GrantedAuthority> authorities,
                                HttpServletRequest request) {
        var session = request.getSession();
        boolean federated = authorities.stream().anyMatch(a -> FEDERATED_AUTHORITY.equals(a.getAuthority()));
        Instant now = clock.instant();
        session.setAttribute(SessionAttributes.REALM, realm);
        session.setAttribute(SessionAttributes.SUBJECT, subject);
        session.setAttribute(SessionAttributes.SIGNED_IN_AT, now);
        session.setAttribute(SessionAttributes.LAST_ACTIVITY, now);
        String agent = request.getHeader("User-Agent");
        session.setAttribute(SessionAttributes.USER_AGENT, agent == null ? ""
                : agent.substring(0, Math.min(agent.length(), USER_AGENT_MAX)));
        session.setAttribute(SessionAttributes.SIGN_IN_METHOD, SignInMethod.of(authorities));
        session.setAttribute(SessionAttributes.NETWORK, ApproximateNetwork.of(request.getRemoteAddr()).orElse(""));
        Duration idle = SessionValidityFilter.idleTimeout(realms.require(realm).settings().sessions(), federated);
        session.setMaxInactiveInterval((int) idle.toSeconds());
    }

    /**
     * Signs the browser in to {@code realm} as {@code subject} with the given factors and returns where to send it
     * next: the request that sent it to the login page, or the realm's home page.
     */
    public String signIn(String realm, String subject, Collection<? extends GrantedAuthority> factors,
                         HttpServletRequest request, HttpServletResponse response) {
        return establish(realm, subject, factors, request, response);
    }

    /**
     * Gives a browser that is already signed in a fresh session after a credential change (the change ended every
     * session of the account): the same session mechanics as {@link #signIn}; not a login, so nobody records one.
     */
    public void renew(String realm, String subject, Collection<? extends GrantedAuthority> factors,
                      HttpServletRequest request, HttpServletResponse response) {
        establish(realm, subject, factors, request, response);
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
        markSsoSession(realm, subject, authorities, request);

        SavedRequest saved = requests.getRequest(request, response);
        if (saved != null) {
            return saved.getRedirectUrl();
        }
        Object resume = request.getSession().getAttribute(RESUME_PREFIX + realm);
        if (resume instanceof String target) {
            request.getSession().removeAttribute(RESUME_PREFIX + realm);
            return target;
        }
        return request.getContextPath() + "/realms/" + realm + "/";
    }

    /**
     * Makes the next sign-in to {@code realm} in this session continue at {@code target} (a checked authorization
     * request of the realm, web.ResumeTarget) when the session has no saved request any more: it expired, the
     * cookies were cleared, or the request was used up by a login in another tab.
     */
    public void resumeAfterLogin(String realm, String target, HttpServletRequest request,
                                 HttpServletResponse response) {
        if (requests.getRequest(request, response) == null) {
            request.getSession().setAttribute(RESUME_PREFIX + realm, target);
        }
    }
}
