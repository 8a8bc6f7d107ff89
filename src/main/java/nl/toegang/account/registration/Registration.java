package nl.toegang.account.registration;

import nl.toegang.account.Account;
import nl.toegang.account.AccountEmails;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.AccountTasks;
import nl.toegang.account.PasswordHasher;
import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.password.PasswordVerdict;
import nl.toegang.account.verification.EmailVerification;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.audit.AuditLog;
import nl.toegang.realm.RealmDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.UUID;

/**
 * Self-registration of email accounts. The answer never depends on whether the address already has an account:
 * the form is checked (which does not look at existing accounts), then the rest runs in the background, where a new
 * address gets a verification email and an existing one gets a "someone tried to register" email.
 *
 * <p>The account row, its audit event, the verification and the queued email are written in one transaction: when
 * the database goes away half-way, nothing remains, and registering again later starts from a clean slate.
 */
@Service
public class Registration {
    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final PasswordPolicies policies;
    private final EmailVerifications verifications;
    private final AccountEmails emails;
    private final TaskExecutor background;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    public Registration(AccountRepository accounts, PasswordHasher hasher, PasswordPolicies policies,
                        EmailVerifications verifications, AccountEmails emails,
                        @Qualifier(AccountTasks.EXECUTOR) TaskExecutor background, Clock clock,
                        AuditLog audit, TransactionTemplate transaction) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.policies = policies;
        this.verifications = verifications;
        this.emails = emails;
        this.background = background;
        this.clock = clock;
        this.audit = audit;
        this.transaction = transaction;
    }

    /** What a person typed into the registration form. */
    public record Form(String email, String name, String locale, String password) {
        @Override
        public String toString() {
            return "Form[****]";
        }
    }

    /** The outcome the page shows. */
    public sealed interface Result {
        /** Field problems (message keys) to show next to the fields; the password verdict for its feedback. */
        record Invalid(FormErrors errors, PasswordVerdict verdict) implements Result {
        }

        /** Accepted: a verification email is (or an explanation email is) on its way. */
        record Accepted(String pendingVerificationId, String email) implements Result {
        }
    }

    public Result register(RealmDefinition realm, Form form) {
        FormErrors errors = new FormErrors();
        String email = form.email() == null ? "" : form.email().trim();
        String name = form.name() == null ? "" : form.name().trim();
        if (!EmailAddresses.isValid(email)) {
            errors.add("email", "register.error.email");
        }
        if (name.isEmpty() || name.length() > 200) {
            errors.add("name", "register.error.name");
        }
        String locale = "en".equals(form.locale()) ? "en" : "nl";
        PasswordVerdict verdict = policies.check(realm, form.password(), email, name);
        if (!verdict.accepted()) {
            errors.add("password", "register.error.password");
        }
        if (!errors.isEmpty()) {
            return new Result.Invalid(errors, verdict);
        }
        String pendingId = UUID.randomUUID().toString();
        String password = form.password();
        background.execute(() -> complete(realm, email, name, locale, password, pendingId));
        return new Result.Accepted(pendingId, email);
    }

    private void complete(RealmDefinition realm, String email, String name, String locale, String password,
                          String pendingId) {
        try {
            var existing = accounts.findByEmail(realm.name(), email);
            if (existing.isPresent()) {
                hasher.matchesNothing(password); // same work either way
                transaction.executeWithoutResult(status -> remindExisting(realm, existing.get(), pendingId));
                return;
            }
            boolean verified = !realm.settings().selfService().emailVerificationRequired();
            // Hashing is slow, so it happens before the transaction opens.
            Account account = Account.create(UUID.randomUUID().toString(), realm.name(), email, name, locale,
                    verified, hasher.hash(password), clock.instant());
            Boolean created = transaction.execute(status -> {
                if (!accounts.insertIfAbsent(account)) {
                    status.setRollbackOnly(); // on PostgreSQL the failed insert has ended the transaction anyway
                    return false;
                }
                audit.event(realm.name(), "registration", "success").account(account.id()).record();
                if (!verified) {
                    sendVerification(realm, account, pendingId);
                }
                return true;
            });
            if (!Boolean.TRUE.equals(created)) {
                // Someone registered the same address a moment ago.
                accounts.findByEmail(realm.name(), email).ifPresent(a ->
                        transaction.executeWithoutResult(status -> remindExisting(realm, a, pendingId)));
            }
        } catch (RuntimeException e) {
            log.error("Realm {}: registration could not be completed", realm.name(), e);
        }
    }

    /** An unverified account gets a fresh verification (the owner may have lost the first email). */
    private void remindExisting(RealmDefinition realm, Account account, String pendingId) {
        if (account.emailVerified()) {
            emails.registrationAttemptForExistingAccount(realm, account);
        } else {
            sendVerification(realm, account, pendingId);
        }
    }

    private void sendVerification(RealmDefinition realm, Account account, String verificationId) {
        var settings = realm.settings().selfService();
        var issued = verifications.issue(verificationId, realm.name(), account.id(), account.email(),
                EmailVerification.Purpose.REGISTRATION, settings);
        emails.verifyAddress(realm, account.email(), account.locale(), issued.code(), issued.linkToken(),
                settings.verificationCodeLifetime(), false);
    }

    /**
     * Sends a new verification email for a pending registration (rate limited by the caller) and returns the id the
     * page should use from now on. For a decoy id (the address had a verified account) nothing is sent, and the
     * answer looks the same.
     */
    public String resend(RealmDefinition realm, String pendingId) {
        String newId = UUID.randomUUID().toString();
        background.execute(() -> verifications.find(realm.name(), pendingId)
                .filter(v -> v.purpose() == EmailVerification.Purpose.REGISTRATION)
                .flatMap(v -> accounts.findById(realm.name(), v.accountId()))
                .filter(a -> !a.emailVerified())
                .ifPresent(a -> transaction.executeWithoutResult(status -> sendVerification(realm, a, newId))));
        return newId;
    }

    /** Completes a registration from the code typed on the page or the link in the email. */
    public boolean finish(RealmDefinition realm, EmailVerifications.Result result) {
        if (result instanceof EmailVerifications.Result.Verified verified
                && verified.verification().purpose() == EmailVerification.Purpose.REGISTRATION) {
            String accountId = verified.verification().accountId();
            transaction.executeWithoutResult(status -> {
                accounts.markEmailVerified(realm.name(), accountId);
                audit.event(realm.name(), "email-verified", "success").account(accountId).record();
            });
            return true;
        }
        return false;
    }
}
