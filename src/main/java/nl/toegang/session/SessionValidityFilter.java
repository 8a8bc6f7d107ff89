package nl.toegang.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.realm.RealmPaths;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends a realm session that is no longer backed by its account: the account was removed or disabled, or its
 * sessions were ended after this one was authenticated (password reset, "sign out everywhere"). The check reads
 * the database, so it holds on every node.
 */
public class SessionValidityFilter extends OncePerRequestFilter {
    private final AccountRepository accounts;
    private final RealmSecurityContextRepository contexts;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    public SessionValidityFilter(AccountRepository accounts, RealmSecurityContextRepository contexts) {
        this.accounts = accounts;
        this.contexts = contexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = holder.getContext().getAuthentication();
        var realm = RealmPaths.realmName(request);
        if (authentication != null && authentication.isAuthenticated() && realm.isPresent()
                && authentication.getAuthorities().stream().anyMatch(
                        a -> a.getAuthority().equals(RealmSignIn.REALM_AUTHORITY_PREFIX + realm.get()))
                && !stillValid(realm.get(), authentication)) {
            var empty = holder.createEmptyContext();
            holder.setContext(empty);
            contexts.saveContext(empty, request, response);
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(String realm, Authentication authentication) {
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
