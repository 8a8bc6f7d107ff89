package nl.toegang.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.realm.RealmPaths;
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
 * Ends a realm session that is no longer backed by its account: the account was removed or disabled, or its
 * sessions were ended after this one was authenticated (password reset, "sign out everywhere"). The check reads
 * the database, so it holds on every node.
 *
 * <p>Also ends a federated (DigiD) realm session after {@link #FEDERATED_IDLE_TIMEOUT} without a request. The last
 * request's instant is kept per realm in the HTTP session ({@link #lastActivityAttribute}), so it travels with the
 * session to every node.
 */
public class SessionValidityFilter extends OncePerRequestFilter {
    /**
     * DigiD's connection conditions require the SP's local session to end after 15 minutes of inactivity. A constant,
     * not a realm setting: DigiD does not allow a longer idle time, and a shorter one has not been asked for.
     */
    public static final Duration FEDERATED_IDLE_TIMEOUT = Duration.ofMinutes(15);
    private static final String LAST_ACTIVITY_PREFIX = "TOEGANG_FEDERATED_LAST_ACTIVITY:";

    private final AccountRepository accounts;
    private final RealmSecurityContextRepository contexts;
    private final Clock clock;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public SessionValidityFilter(AccountRepository accounts, RealmSecurityContextRepository contexts, Clock clock) {
        this.accounts = accounts;
        this.contexts = contexts;
        this.clock = clock;
    }

    /** Session attribute holding the {@link Instant} of the last request of a federated session of {@code realm}. */
    public static String lastActivityAttribute(String realm) {
        return LAST_ACTIVITY_PREFIX + realm;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = holder.getContext().getAuthentication();
        var realm = RealmPaths.realmName(request);
        if (authentication != null && authentication.isAuthenticated() && realm.isPresent()
                && authentication.getAuthorities().stream().anyMatch(
                        a -> a.getAuthority().equals(RealmSignIn.REALM_AUTHORITY_PREFIX + realm.get()))
                && !stillValid(realm.get(), authentication, request)) {
            var empty = holder.createEmptyContext();
            holder.setContext(empty);
            contexts.saveContext(empty, request, response);
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(String realm, Authentication authentication, HttpServletRequest request) {
        if (authentication.getAuthorities().stream()
                .anyMatch(a -> RealmSignIn.FEDERATED_AUTHORITY.equals(a.getAuthority()))) {
            // Federated identities have no account row; only RealmSignIn can add this marker.
            return federatedSessionActive(realm, request);
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

    /**
     * True, and the activity instant moved to now, unless more than {@link #FEDERATED_IDLE_TIMEOUT} passed since the
     * previous request. A missing instant fails closed: RealmSignIn records one at every federated sign-in.
     */
    private boolean federatedSessionActive(String realm, HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        String attribute = lastActivityAttribute(realm);
        Instant now = clock.instant();
        Object last = session.getAttribute(attribute);
        if (!(last instanceof Instant lastActivity)
                || Duration.between(lastActivity, now).compareTo(FEDERATED_IDLE_TIMEOUT) > 0) {
            session.removeAttribute(attribute);
            return false;
        }
        session.setAttribute(attribute, now);
        return true;
    }
}
