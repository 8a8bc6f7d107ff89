package nl.toegang.account;

import nl.toegang.audit.AuditLog;
import org.springframework.security.core.authority.FactorGrantedAuthority;

import nl.toegang.lockout.AccountKeys;
import nl.toegang.lockout.AccountLockedOut;
import nl.toegang.lockout.Authenticator;
import nl.toegang.lockout.Budget;
import nl.toegang.lockout.Decision;
import nl.toegang.lockout.DeviceCookies;
import nl.toegang.lockout.FailureResult;
import nl.toegang.lockout.LoginThrottle;
import nl.toegang.lockout.RealmThrottles;
import nl.toegang.lockout.ThrottleKey;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks an email and password, throttled per account, per IP and per realm (docs/security-lockout.md).
 * Unknown accounts, disabled accounts and wrong passwords cost the same hashing effort, are counted the same and
 * give the same answer, so neither the result nor its timing reveals whether an address has an account. A throttled
 * attempt is refused before anything is looked up or verified, for every address alike.
 *
 * <p>Steps, in order:
 * <ol>
 *   <li>account key = keyed hash of realm + normalised email (same for unknown addresses);</li>
 *   <li>budget = the browser's device budget when its device cookie verifies for this account, else untrusted;</li>
 *   <li>throttle check: refused ({@link Outcome.Throttled}) without verifying when delayed or locked;</li>
 *   <li>verify (dummy hash for unknown, disabled or password-less accounts);</li>
 *   <li>wrong: count the failure, announce a new lockout of an existing account; right: reset the budget and
 *       issue or refresh the device cookie.</li>
 * </ol>
 */
@Service
public class PasswordLogin {
    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final RealmThrottles throttles;
    private final AccountKeys accountKeys;
    private final DeviceCookies deviceCookies;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    public PasswordLogin(AccountRepository accounts, PasswordHasher hasher, RealmThrottles throttles,
                         AccountKeys accountKeys, DeviceCookies deviceCookies, ApplicationEventPublisher events,
                         AuditLog audit, Clock clock) {
        this.audit = audit;
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttles = throttles;
        this.accountKeys = accountKeys;
        this.deviceCookies = deviceCookies;
        this.events = events;
        this.clock = clock;
    }

    public Outcome authenticate(LoginAttempt attempt) {
        String realm = attempt.realm();
        String email = attempt.email();
        String password = attempt.password();
        if (email.isBlank() || password.isEmpty()) {
            // Nothing was guessed, so nothing is counted; the hash keeps the timing of a real attempt.
            hasher.matchesNothing(password);
            return new Outcome.Rejected();
        }
        String accountKey = accountKeys.of(realm, email);
        Optional<String> device = attempt.deviceCookie().flatMap(c -> deviceCookies.trustedDeviceId(c, accountKey));
        ThrottleKey key = new ThrottleKey(realm, accountKey, Authenticator.PASSWORD,
                device.<Budget>map(Budget::trustedDevice).orElse(Budget.UNTRUSTED));
        LoginThrottle throttle = throttles.forRealm(realm);

        Decision decision = throttle.check(key, attempt.ip());
        if (!decision.allowed()) {
            return new Outcome.Throttled(decision);
        }

        Optional<Account> found = accounts.findByEmail(realm, email);
        boolean usable = found.isPresent() && found.get().enabled() && found.get().passwordHash().isPresent();
        if (!usable) {
            hasher.matchesNothing(password);
            fail(throttle, key, attempt, found);
            return new Outcome.Rejected();
        }
        Account account = found.get();
        String hash = account.passwordHash().get();
        if (!hasher.matches(password, hash)) {
            fail(throttle, key, attempt, found);
            return new Outcome.Rejected();
        }
        throttle.onSuccess(key);
        if (hasher.needsRehash(hash)) {
            accounts.updatePasswordHash(realm, account.id(), hasher.hash(password));
        }
        // Only someone who knows the password learns that the address still needs verification.
        if (!account.emailVerified()) {
            return new Outcome.EmailNotVerified(account);
        }
        return new Outcome.Authenticated(account, deviceCookies.issue(accountKey, device));
    }

    private void fail(LoginThrottle throttle, ThrottleKey key, LoginAttempt attempt, Optional<Account> account) {
        FailureResult result = throttle.onFailure(key, attempt.ip());
        // Only for a real account: the owner sees it in the console's activity list, support in the trail.
        account.ifPresent(a -> audit.event(attempt.realm(), "login", "failure").account(a.id()).ip(attempt.ip())
                .reason(FactorGrantedAuthority.PASSWORD_AUTHORITY).record());
        // Unknown addresses lock exactly like known ones, but there is nobody to tell.
        if (result.causedLockout() && account.isPresent()) {
            Instant now = clock.instant();
            Optional<Instant> until = result.decision() instanceof Decision.TemporarilyLocked locked
                    ? Optional.of(locked.until()) : Optional.empty();
            events.publishEvent(new AccountLockedOut(attempt.realm(), account.get().id(), attempt.ip(), now,
                    result.newlyDisabled() ? Optional.empty() : until, result.newlyDisabled()));
        }
    }

    /** What a password check concluded. */
    public sealed interface Outcome {
        /**
         * @param deviceCookie the trusted-device cookie value to (re)issue to this browser
         */
        record Authenticated(Account account, String deviceCookie) implements Outcome {
            @Override
            public String toString() {
                return "Authenticated[" + account + "]";
            }
        }

        record EmailNotVerified(Account account) implements Outcome {
        }

        /** Wrong email or wrong password: deliberately one answer. */
        record Rejected() implements Outcome {
        }

        /**
         * Refused before verification: the budget waits, is locked or disabled, or the IP is over its limits.
         * Reached the same way for unknown addresses, so it reveals nothing about existence.
         */
        record Throttled(Decision decision) implements Outcome {
        }
    }
}
