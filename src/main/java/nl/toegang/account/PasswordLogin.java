package nl.toegang.account;

import nl.toegang.audit.AuditLog;
import org.springframework.security.core.authority.FactorGrantedAuthority;

import nl.toegang.account.AccountKeys;
import nl.toegang.lockout.AccountLockedOut;
import nl.toegang.lockout.Authenticator;
import nl.toegang.lockout.Budget;
import nl.toegang.lockout.Decision;
import nl.toegang.lockout.DeviceCookies;
import nl.toegang.lockout.FailureResult;
import nl.toegang.lockout.LoginThrottle;
import nl.toegang.lockout.LoginThrottled;
import nl.toegang.lockout.RealmThrottles;
import nl.toegang.lockout.ThrottleKey;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks an email and password, throttled per account, per IP and per realm (docs/security-lockout.md).
 * Unknown addresses, disabled accounts and wrong passwords do the same work on the request thread (the same database
 * statements, the same throttle store commands, one Argon2id verification with the current parameters), are counted,
 * audited and locked out the same way and give the same answer, so neither the result nor its timing reveals whether
 * an address has an account. A throttled attempt is refused before anything is looked up or verified, for every
 * address alike. {@code EqualLoginWorkContract} proves the equal work statement by statement.
 *
 * <p>Steps, in order:
 * <ol>
 *   <li>account key = keyed hash of realm + normalised email (same for unknown addresses);</li>
 *   <li>budget = the browser's device budget when its device cookie verifies for this account, else untrusted;</li>
 *   <li>throttle check: refused ({@link Outcome.Throttled}, {@link LoginThrottled} published) without verifying
 *       when delayed or locked;</li>
 *   <li>look the account up; verify against its hash, or against {@link PasswordHasher#absentHash()} for unknown,
 *       disabled or password-less accounts;</li>
 *   <li>wrong: count the failure, audit it (with the account id when there is an account), announce a new lockout
 *       (ditto); right: reset the budget and issue or refresh the device cookie.</li>
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
            return new Outcome.Rejected(Decision.ALLOWED);
        }
        String accountKey = accountKeys.of(realm, email);
        Optional<String> device = attempt.deviceCookie().flatMap(c -> deviceCookies.trustedDeviceId(c, accountKey));
        ThrottleKey key = new ThrottleKey(realm, accountKey, Authenticator.PASSWORD,
                device.<Budget>map(Budget::trustedDevice).orElse(Budget.UNTRUSTED));
        LoginThrottle throttle = throttles.forRealm(realm);

        Decision decision = throttle.check(key, attempt.ip());
        if (!decision.allowed()) {
            events.publishEvent(new LoginThrottled(realm, Authenticator.PASSWORD));
            return new Outcome.Throttled(decision);
        }

        Optional<Account> found = accounts.findByEmail(realm, email);
        Optional<Account> usable = found.filter(a -> a.enabled() && a.passwordHash().isPresent());
        // One verification either way, against a hash with the same parameters: only the answer may differ.
        String hash = usable.flatMap(Account::passwordHash).orElse(hasher.absentHash());
        boolean verified = hasher.matches(password, hash) && usable.isPresent();
        if (!verified) {
            return new Outcome.Rejected(fail(throttle, key, attempt, found.map(Account::id)).decision());
        }
        Account account = usable.get();
        throttle.onSuccess(key);
        if (hasher.needsRehash(hash)) {
            accounts.updatePasswordHash(realm, account.id(), hasher.hash(password));
            if (LegacyPasswordHash.isLegacy(hash)) {
                // Operators follow a move from Keycloak by these: each imported hash is replaced exactly once.
                audit.event(realm, "password-migrated", "success").account(account.id()).ip(attempt.ip()).record();
            }
        }
        // Only someone who knows the password learns that the address still needs verification.
        if (!account.emailVerified()) {
            return new Outcome.EmailNotVerified(account);
        }
        return new Outcome.Authenticated(account, deviceCookies.issue(accountKey, device));
    }

    /**
     * A wrong password or an unknown address: the same store calls, the same audit row (the account id is the only
     * difference) and the same lockout event, so the two cannot be told apart by the work done.
     */
    private FailureResult fail(LoginThrottle throttle, ThrottleKey key, LoginAttempt attempt, Optional<String> accountId) {
        FailureResult result = throttle.onFailure(key, attempt.ip());
        audit.event(attempt.realm(), "login", "failure").account(accountId.orElse(null)).ip(attempt.ip())
                .reason(FactorGrantedAuthority.PASSWORD_AUTHORITY).record();
        if (result.causedLockout()) {
            Optional<Instant> until = result.decision() instanceof Decision.TemporarilyLocked locked
                    ? Optional.of(locked.until()) : Optional.empty();
            events.publishEvent(new AccountLockedOut(attempt.realm(), accountId, attempt.ip(), clock.instant(),
                    result.newlyDisabled() ? Optional.empty() : until, result.newlyDisabled()));
        }
        return result;
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

        /**
         * Wrong email or wrong password: deliberately one answer.
         *
         * @param next what the next attempt on this budget will get (so the failure that starts a lock can say so);
         *             the same for an unknown address as for an account
         */
        record Rejected(Decision next) implements Outcome {
        }

        /**
         * Refused before verification: the budget waits, is locked or disabled, or the IP is over its limits.
         * Reached the same way for unknown addresses, so it reveals nothing about existence.
         */
        record Throttled(Decision decision) implements Outcome {
        }
    }
}
