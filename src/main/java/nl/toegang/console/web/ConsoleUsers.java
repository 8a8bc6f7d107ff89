package nl.toegang.console.web;

import nl.toegang.account.Account;
import nl.toegang.account.AccountRepository;
import nl.toegang.console.ConsoleUser;
import nl.toegang.console.EmailAccountOnly;
import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.oidc.FederatedTokenClaims;
import nl.toegang.realm.RealmDefinition;
import nl.toegang.session.RealmSignIn;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import java.util.Optional;

/**
 * Who is signed in to this realm's account console, for every console controller: the email account, or the DigiD
 * or upstream identity (a {@code federated_identity} row of this realm). Anything else, or nobody, or an email
 * account whose address is not verified, is a 401.
 */
@Component
public class ConsoleUsers {
    private final AccountRepository accounts;
    private final FederatedIdentities identities;

    public ConsoleUsers(AccountRepository accounts, FederatedIdentities identities) {
        this.accounts = accounts;
        this.identities = identities;
    }

    public ConsoleUser current(RealmDefinition realm, Authentication authentication) {
        if (authentication == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
        }
        String name = authentication.getName();
        // Only a session signed in through DigiD may be a federated identity; the row must be of this realm.
        if (FederatedTokenClaims.isFederated(authentication)) {
            if (identities.exists(realm.name(), name)) {
                Optional<String> upstream = authentication.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith(RealmSignIn.FEDERATED_UPSTREAM_PREFIX))
                        .map(a -> a.substring(RealmSignIn.FEDERATED_UPSTREAM_PREFIX.length())).findFirst();
                if (upstream.isPresent()) {
                    String language = LocaleContextHolder.getLocale().getLanguage();
                    return new ConsoleUser.UpstreamIdentity(name, realm.upstream(upstream.get())
                            .map(u -> u.displayName().in(language)).orElse(upstream.get()));
                }
                return new ConsoleUser.DigidIdentity(name, FederatedTokenClaims.level(authentication));
            }
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
        }
        // An unverified account belongs to nobody yet (docs/accounts.md): no console, so no factors to enrol.
        return accounts.findById(realm.name(), name).filter(Account::emailVerified)
                .<ConsoleUser>map(ConsoleUser.EmailAccount::new)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
    }

    /**
     * The signed-in email account, for actions only an email account has (profile, email, password, second factors,
     * passkeys); a DigiD identity gets {@link EmailAccountOnly} (a 403 page), before anything is read or changed.
     */
    public Account account(RealmDefinition realm, Authentication authentication) {
        ConsoleUser user = current(realm, authentication);
        if (user instanceof ConsoleUser.EmailAccount email) {
            return email.account();
        }
        throw new EmailAccountOnly(realm.name(),
                user instanceof ConsoleUser.UpstreamIdentity upstream ? upstream.provider() : null);
    }
}
