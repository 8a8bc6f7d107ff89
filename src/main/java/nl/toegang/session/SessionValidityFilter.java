package nl.toegang.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.realm.RealmPaths;
import nl.toegang.realm.RealmRegistry;
import nl.toegang.realm.RealmSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends a realm session that is no longer valid, on whichever node the browser uses:
 * <ul>
 *   <li>idle or absolute timeout of the realm ({@code settings.sessionIdleTimeout}/{@code sessionAbsoluteTimeout});
 *       federated (DigiD) sessions also after {@link #FEDERATED_IDLE_TIMEOUT} without a request. The instants live
 *       in the HTTP session ({@link SessionAttributes}), measured with the injected clock. Reported as
 *       {@link SsoSessionEnded.Reason#TIMEOUT};</li>
 *   <li>the account was removed or disabled, or its sessions were ended after this one was authenticated (password
 *       reset, "sign out everywhere"). The check reads the database; the action that caused it already reported
 *       the end, so nothing is published here.</li>
 * </ul>
 * Sessions nobody returns to are ended by the session store instead (see {@link SsoSessionEndings}).
 */
public class SessionValidityFilter extends OncePerRequestFilter {
    /**
     * DigiD's connection conditions require the SP's local session to end after 15 minutes of inactivity. A constant,
     * not a realm setting: DigiD does not allow a longer idle time; a shorter realm idle timeout still applies.
     */
    public static final Duration FEDERATED_IDLE_TIMEOUT = Duration.ofMinutes(15);

    private final AccountRepository accounts;
    private final RealmSecurityContextRepository contexts;
    private final RealmRegistry realms;
    private final SsoSessionEndings endings;
    private final RealmSignIn signIn;
    private final Clock clock;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public SessionValidityFilter(AccountRepository accounts, RealmSecurityContextRepository contexts,
                                 RealmRegistry realms, SsoSessionEndings endings, RealmSignIn signIn, Clock clock) {
        this.accounts = accounts;
        this.contexts = contexts;
        this.realms = realms;
        this.endings = endings;
        this.signIn = signIn;
        this.clock = clock;
    }

    /** The idle timeout of a session in a realm with these settings. */
    public static Duration idleTimeout(RealmSettings.Sessions settings, boolean federated) {
        Duration idle = settings.idleTimeout();
        return federated && FEDERATED_IDLE_TIMEOUT.compareTo(idle) < 0 ? FEDERATED_IDLE_TIMEOUT : idle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = holder.getContext().getAuthentication();
        var realm = RealmPaths.realmName(request);
        if (authentication != null && authentication.isAuthenticated() && realm.isPresent()
                && authentication.getAuthorities().stream().anyMatch(
                        a -> a.getAuthority().equals(RealmSignIn.REALM_AUTHORITY_PREFIX + realm.get()))) {
            if (!withinTimeouts(realm.get(), authentication, request)) {
                endings.ended(request.getSession().getId(), realm.get(), authentication.getName(),
                        SsoSessionEnded.Reason.TIMEOUT);
                signIn.signOut(realm.get(), request, response);
            } else if (!backedByAccount(realm.get(), authentication)) {
                signIn.signOut(realm.get(), request, response);
            } else {
                request.getSession().setAttribute(SessionAttributes.LAST_ACTIVITY, clock.instant());
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * True unless the idle or absolute timeout has passed. A session without the instants fails closed:
     * RealmSignIn records them at every sign-in.
     */
    private boolean withinTimeouts(String realm, Authentication authentication, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        var definition = realms.find(realm);
        if (session == null || definition.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        var settings = definition.get().settings().sessions();
        boolean federated = authentication.getAuthorities().stream()
                .anyMatch(a -> RealmSignIn.FEDERATED_AUTHORITY.equals(a.getAuthority()));
        if (!(session.getAttribute(SessionAttributes.SIGNED_IN_AT) instanceof Instant signedInAt)
                || !(session.getAttribute(SessionAttributes.LAST_ACTIVITY) instanceof Instant lastActivity)) {
            return false;
        }
        return Duration.between(signedInAt, now).compareTo(settings.absoluteTimeout()) <= 0
                && Duration.between(lastActivity, now).compareTo(idleTimeout(settings, federated)) <= 0;
    }

    private boolean backedByAccount(String realm, Authentication authentication) {
        if (authentication.getAuthorities().stream()
                .anyMatch(a -> RealmSignIn.FEDERATED_AUTHORITY.equals(a.getAuthority()))) {
            // Federated identities have no account row; only RealmSignIn can add this marker.
            return true;
        }
        Optional<Account> account = accounts.findById(realm, authentication.getName());
        if (account.isEmpty() || !account.get().enabled()) {
            return false;
        }
        Instant authenticatedAt = authentication.getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance)
                .map(a -> ((FactorGrantedAuthority) a).getIssuedAt())
                .max(Instant::compareTo).orElse(Instant.EPOCH);
        return account.get().sessionsNotBefore().map(cut -> !authenticatedAt.isBefore(cut)).orElse(true);
    }
}
