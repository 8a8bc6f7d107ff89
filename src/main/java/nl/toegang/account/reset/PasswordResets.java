package nl.toegang.account.reset;

import nl.toegang.account.Account;
import nl.toegang.account.AccountEmails;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.AccountTasks;
import nl.toegang.account.EarlierHolderRemoval;
import nl.toegang.account.PasswordHasher;
import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.password.PasswordVerdict;
import nl.toegang.audit.AuditLog;
import nl.toegang.crypto.OneTimeSecrets;
import nl.toegang.account.AccountTokens;
import nl.toegang.realm.RealmDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Forgot password: a single-use link by email. Requests always get the same answer at the same speed (the lookup
 * runs in the background). A reset ends every session and revokes every refresh token of the account, and never
 * signs anyone in: the next login still asks for the second factor.
 *
 * <p>A reset of an account whose address was never verified verifies it: the link proves the mailbox. Like a
 * completed registration, it then removes everything an earlier, unproven registrant left (EarlierHolderRemoval).
 *
 * <p>Completing a reset is one transaction: the link is used up only together with the new password, the revoked
 * tokens, the audit event, the cleared lockouts and the notification. If the database or Redis fails half-way the
 * person gets a 503, the old password and the link stay as they were, and the link works when tried again.
 */
@Service
public class PasswordResets {
    private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);

    private final AccountRepository accounts;
    private final PasswordResetStore store;
    private final OneTimeSecrets secrets;
    private final PasswordHasher hasher;
    private final PasswordPolicies policies;
    private final AccountEmails emails;
    private final AccountTokens tokens;
    private final ApplicationEventPublisher events;
    private final TaskExecutor background;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final EarlierHolderRemoval earlierHolder;

    public PasswordResets(AccountRepository accounts, PasswordResetStore store, OneTimeSecrets secrets,
                          PasswordHasher hasher, PasswordPolicies policies, AccountEmails emails,
                          AccountTokens tokens, ApplicationEventPublisher events,
                          @Qualifier(AccountTasks.EXECUTOR) TaskExecutor background, Clock clock,
                          AuditLog audit, TransactionTemplate transaction, EarlierHolderRemoval earlierHolder) {
        this.accounts = accounts;
        this.store = store;
        this.secrets = secrets;
        this.hasher = hasher;
        this.policies = policies;
        this.emails = emails;
        this.tokens = tokens;
        this.events = events;
        this.background = background;
        this.clock = clock;
        this.audit = audit;
        this.transaction = transaction;
        this.earlierHolder = earlierHolder;
    }

    /** Published after a password was reset by email, e.g. to clear lockouts of the password. */
    public record PasswordWasReset(String realm, String accountId, Instant at) {
    }

    /** What completing a reset concluded. */
    public sealed interface Result {
        record Done() implements Result {
        }

        record WeakPassword(PasswordVerdict verdict) implements Result {
        }

        /** Used, expired, superseded or unknown link: one answer. */
        record LinkNotUsable() implements Result {
        }
    }

    /** Starts a reset for the address if it has an account; returns at once either way. */
    public void request(RealmDefinition realm, String email) {
        background.execute(() -> {
            try {
                accounts.findByEmail(realm.name(), email).filter(Account::enabled)
                        .ifPresent(account -> sendLink(realm, account));
            } catch (RuntimeException e) {
                log.error("Realm {}: password reset request could not be handled", realm.name(), e);
            }
        });
    }

    /** Support asked the person to choose a new password: send the reset link to the account's address. */
    public void requestFor(RealmDefinition realm, Account account) {
        sendLink(realm, account);
    }

    private void sendLink(RealmDefinition realm, Account account) {
        Instant now = clock.instant();
        var lifetime = realm.settings().selfService().passwordResetLifetime();
        String token = secrets.newLinkToken();
        transaction.executeWithoutResult(status -> {
            store.replace(UUID.randomUUID().toString(), realm.name(), account.id(), secrets.hash(token),
                    now.plus(lifetime), now);
            emails.passwordReset(realm, account, token, lifetime);
        });
    }

    /** The account a usable link belongs to (for the "choose a new password" page). */
    public Optional<Account> accountFor(RealmDefinition realm, String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return store.findUsable(realm.name(), secrets.hash(token), clock.instant())
                .flatMap(reset -> accounts.findById(realm.name(), reset.accountId()));
    }

    public Result complete(RealmDefinition realm, String token, String newPassword) {
        Instant now = clock.instant();
        if (token == null || token.isBlank() || token.length() > 100) {
            return new Result.LinkNotUsable();
        }
        var reset = store.findUsable(realm.name(), secrets.hash(token), now);
        var account = reset.flatMap(r -> accounts.findById(realm.name(), r.accountId()));
        if (account.isEmpty()) {
            return new Result.LinkNotUsable();
        }
        PasswordVerdict verdict = policies.check(realm, newPassword, account.get());
        if (!verdict.accepted()) {
            return new Result.WeakPassword(verdict);
        }
        String hash = hasher.hash(newPassword); // slow, so before the transaction opens
        String accountId = account.get().id();
        Boolean done = transaction.execute(status -> {
            if (!store.consume(reset.get().id(), now)) {
                return false;
            }
            if (!account.get().emailVerified()) {
                // The link reached the mailbox, so this person owns the address: an unverified account becomes
                // theirs, and nothing of whoever registered it without proving it survives (not even the name).
                if (!accounts.completeRegistration(realm.name(), accountId, hash,
                        placeholderName(account.get().email()), account.get().locale(), now)) {
                    status.setRollbackOnly(); // verified meanwhile: then this path does not apply
                    return false;
                }
                earlierHolder.removeFrom(realm.name(), accountId);
                audit.event(realm.name(), "email-verified", "success").account(accountId).record();
            }
            accounts.replacePassword(realm.name(), accountId, hash, now);
            int revoked = tokens.revokeAll(realm.name(), accountId);
            audit.event(realm.name(), "password-reset", "success").account(accountId)
                    .reason("sessions ended, " + revoked + " token families revoked").record();
            events.publishEvent(new PasswordWasReset(realm.name(), accountId, now));
            emails.passwordChanged(realm, accounts.findById(realm.name(), accountId).orElse(account.get()));
            return true;
        });
        if (!Boolean.TRUE.equals(done)) {
            return new Result.LinkNotUsable();
        }
        return new Result.Done();
    }

    /** The part before the @: the name an unverified registrant typed is not the owner's; they can change it. */
    static String placeholderName(String email) {
        int at = email.indexOf('@');
        return at > 0 ? email.substring(0, Math.min(at, 200)) : email;
    }
}
