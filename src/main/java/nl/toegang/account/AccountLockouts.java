package nl.toegang.account;

import nl.toegang.lockout.ThrottleKey;
import nl.toegang.lockout.LockoutState;
import nl.toegang.lockout.Authenticator;
import nl.toegang.lockout.RealmThrottles;
import nl.toegang.lockout.AccountUnlocked;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Lockout state of one account by its id, for support and for the password-reset flow. Clearing forgets every budget
 * (untrusted and all devices) and every lockout or disable of the account's password.
 */
@Service
public class AccountLockouts {
    private final AccountRepository accounts;
    private final AccountKeys accountKeys;
    private final RealmThrottles throttles;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public AccountLockouts(AccountRepository accounts, AccountKeys accountKeys, RealmThrottles throttles,
                           ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.accountKeys = accountKeys;
        this.throttles = throttles;
        this.events = events;
        this.clock = clock;
    }

    /** The untrusted budget of the account's password; empty when the realm has no such account. */
    public Optional<LockoutState> state(String realm, String accountId) {
        return accounts.findById(realm, accountId).map(account -> LockoutState.of(
                throttles.forRealm(realm).state(ThrottleKey.untrusted(realm, key(account), Authenticator.PASSWORD)),
                clock.instant()));
    }

    /**
     * Clears all lockouts of the account, e.g. after a successful password reset. Returns false when the realm has
     * no such account. Publishes {@link AccountUnlocked} for the audit trail.
     *
     * @param actor  who did it: {@code password-reset}, or {@code client:<clientId>} for the admin API
     * @param reason why (free text)
     */
    public boolean clear(String realm, String accountId, String actor, String reason) {
        Objects.requireNonNull(actor, "actor");
        Optional<Account> account = accounts.findById(realm, accountId);
        if (account.isEmpty()) {
            return false;
        }
        throttles.forRealm(realm).unlock(realm, key(account.get()));
        events.publishEvent(new AccountUnlocked(realm, accountId, actor, reason == null ? "" : reason,
                clock.instant()));
        return true;
    }

    /** For the password-reset flow: the account holder unlocked it, nobody on their behalf. */
    public boolean clear(String realm, String accountId) {
        return clear(realm, accountId, AccountUnlocked.PASSWORD_RESET, "password reset");
    }

    private String key(Account account) {
        return accountKeys.of(account.realm(), account.email());
    }
}
