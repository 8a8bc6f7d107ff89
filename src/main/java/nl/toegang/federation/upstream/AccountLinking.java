package nl.toegang.federation.upstream;

import nl.toegang.account.Account;
import nl.toegang.account.AccountLockouts;
import nl.toegang.account.AccountRepository;
import nl.toegang.audit.AuditLog;
import nl.toegang.federation.digid.FederatedIdentities;
import nl.toegang.federation.digid.UpstreamLinks;
import nl.toegang.login.AccountLinkConfirmed;
import nl.toegang.realm.UpstreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * The linking policy of an upstream (docs/upstream.md "Linking policy"), in the order it is applied after a verified
 * upstream login:
 * <ol>
 *   <li>a linked identity signs in to its account (unless that account is disabled or locked: refused like a
 *       password login), with {@code linking: verified-email} or {@code linking: console} (a link made from the
 *       account console, {@link ConsoleLinking});</li>
 *   <li>with {@code linking: verified-email} only: the provider asserted {@code email} and {@code email_verified: true}
 *       (a boolean, from the realm file's mapping) and the realm has an account with that address (case-insensitive,
 *       as accounts are) whose address is verified: offer the link;</li>
 *   <li>otherwise the account-less identity, as with {@code linking: none}.</li>
 * </ol>
 * The link itself is made only on {@link AccountLinkConfirmed}, i.e. after the person signed in to that account.
 * An email claim alone never links anything.
 */
@Component
class AccountLinking {
    private static final Logger log = LoggerFactory.getLogger(AccountLinking.class);

    private final UpstreamLinks links;
    private final FederatedIdentities identities;
    private final AccountRepository accounts;
    private final AccountLockouts lockouts;
    private final AuditLog audit;

    AccountLinking(UpstreamLinks links, FederatedIdentities identities, AccountRepository accounts,
                   AccountLockouts lockouts, AuditLog audit) {
        this.links = links;
        this.identities = identities;
        this.accounts = accounts;
        this.lockouts = lockouts;
        this.audit = audit;
    }

    /** What the policy says for a verified upstream login of {@code identityId}. */
    sealed interface Decision {
        /** Sign in to the linked account. */
        record Linked(Account account) implements Decision {
        }

        /** The linked account may not sign in now ({@code flag}: {@code disabled} or {@code locked}). */
        record LinkedRefused(String accountId, String flag) implements Decision {
        }

        /** Offer to link to this account. */
        record Offer(Account account) implements Decision {
        }

        /** The account-less identity. */
        record Unlinked() implements Decision {
        }
    }

    Decision decide(String realm, UpstreamSettings settings, String identityId) {
        Optional<Account> linked = links.linkedAccount(realm, identityId).flatMap(id -> accounts.findById(realm, id));
        if (linked.isPresent()) {
            // A link keeps working only while the realm file still allows linking (verified-email or console).
            if (settings.linking() == UpstreamSettings.Linking.NONE) {
                return new Decision.Unlinked();
            }
            Account account = linked.get();
            if (!account.enabled()) {
                return new Decision.LinkedRefused(account.id(), "disabled");
            }
            var state = lockouts.state(realm, account.id());
            if (state.map(s -> s.disabled()).orElse(false)) {
                return new Decision.LinkedRefused(account.id(), "disabled");
            }
            if (state.flatMap(s -> s.lockedUntil()).isPresent()) {
                return new Decision.LinkedRefused(account.id(), "locked");
            }
            return new Decision.Linked(account);
        }
        if (settings.linking() != UpstreamSettings.Linking.VERIFIED_EMAIL) {
            return new Decision.Unlinked();
        }
        Map<String, Object> claims = identities.claims(realm, identityId);
        if (!(claims.get("email") instanceof String email) || !Boolean.TRUE.equals(claims.get("email_verified"))) {
            return new Decision.Unlinked();
        }
        return accounts.findByEmail(realm, email)
                .filter(account -> account.emailVerified() && account.enabled())
                .<Decision>map(Decision.Offer::new)
                .orElseGet(Decision.Unlinked::new);
    }

    /** The person signed in to the account the link waited for: the link is made, and audited on the account. */
    @EventListener
    void confirmed(AccountLinkConfirmed confirmed) {
        boolean made = links.link(confirmed.realm(), confirmed.identityId(), confirmed.upstream(),
                confirmed.accountId());
        audit.event(confirmed.realm(), "upstream-link", made ? "success" : "failure")
                .account(confirmed.accountId()).reason(confirmed.upstream()).record();
        log.info("Upstream '{}' identity {} in realm {}: {}", confirmed.upstream(), confirmed.identityId(),
                confirmed.realm(), made ? "linked to an account" : "not linked (already linked, or the account is"
                        + " gone)");
    }
}
