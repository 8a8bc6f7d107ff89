package nl.toegang.account.registration;

import nl.toegang.account.Account;
import nl.toegang.account.AccountEmails;
import nl.toegang.account.AccountRepository;
import nl.toegang.account.AccountTasks;
import nl.toegang.account.EarlierHolderRemoval;
import nl.toegang.account.EmailAddresses;
import nl.toegang.account.PasswordHasher;
import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.password.PasswordVerdict;
import nl.toegang.account.verification.EmailVerification;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.account.verification.Registrant;
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
 *
 * <p>Until the address is proven the account belongs to nobody: each registration of an unverified address gets its
 * own verification carrying that registrant's password, name and locale ({@link Registrant}), and only completing
 * one applies them (docs/accounts.md, "Pending registrations").
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
    private final EarlierHolderRemoval earlierHolder;

    public Registration(AccountRepository accounts, PasswordHasher hasher, PasswordPolicies policies,
                        EmailVerifications verifications, AccountEmails emails,
                        @Qualifier(AccountTasks.EXECUTOR) TaskExecutor background, Clock clock,
                        AuditLog audit, TransactionTemplate transaction, EarlierHolderRemoval earlierHolder) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.policies = policies;
        this.verifications = verifications;
        this.emails = emails;
        this.background = background;
        this.clock = clock;
        this.audit = audit;
        this.transaction = transaction;
        this.earlierHolder = earlierHolder;
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
            if (existing.isPresent() && existing.get().emailVerified()) {
                hasher.matchesNothing(password); // same work either way
                emails.registrationAttemptForExistingAccount(realm, existing.get());
                return;
            }
            boolean verified = !realm.settings().selfService().emailVerificationRequired();
            // Hashing is slow, so it happens before the transaction opens.
            Registrant registrant = new Registrant(hasher.hash(password), name, locale);
            if (existing.isPresent()) {
                transaction.executeWithoutResult(status -> sendVerification(realm, existing.get(), registrant,
                        pendingId));
                return;
            }
            Account account = Account.create(UUID.randomUUID().toString(), realm.name(), email, name, locale,
                    verified, registrant.passwordHash(), clock.instant());
            Boolean created = transaction.execute(status -> {
                if (!accounts.insertIfAbsent(account)) {
                    status.setRollbackOnly(); // on PostgreSQL the failed insert has ended the transaction anyway
                    return false;
                }
                audit.event(realm.name(), "registration", "success").account(account.id()).record();
                if (!verified) {
                    sendVerification(realm, account, registrant, pendingId);
                }
                return true;
            });
            if (!Boolean.TRUE.equals(created)) {
                // Someone registered the same address a moment ago.
                accounts.findByEmail(realm.name(), email).ifPresent(a -> transaction.executeWithoutResult(status -> {
                    if (a.emailVerified()) {
                        emails.registrationAttemptForExistingAccount(realm, a);
                    } else {
                        sendVerification(realm, a, registrant, pendingId);
                    }
                }));
            }
        } catch (RuntimeException e) {
            log.error("Realm {}: registration could not be completed", realm.name(), e);
        }
    }

    /**
     * A verification of its own for this registrant, carrying their credentials. The account row of an unverified
     * address may have been created by someone else: it is not handed over until this verification completes.
     */
    private void sendVerification(RealmDefinition realm, Account account, Registrant registrant,
                                  String verificationId) {
        var settings = realm.settings().selfService();
        var issued = verifications.issueRegistration(verificationId, realm.name(), account.id(), account.email(),
                registrant, settings);
        emails.verifyAddress(realm, account.email(), registrant.locale(), issued.code(), issued.linkToken(),
                settings.verificationCodeLifetime(), false);
    }

    /**
     * Sends a new verification email for a pending registration (rate limited by the caller) and returns the id the
     * page should use from now on. The new one carries the same registrant and replaces only this registrant's
     * earlier one. For a decoy id (the address had a verified account) nothing is sent, and the answer looks the same.
     */
    public String resend(RealmDefinition realm, String pendingId) {
        String newId = UUID.randomUUID().toString();
        background.execute(() -> verifications.find(realm.name(), pendingId)
                .filter(v -> v.purpose() == EmailVerification.Purpose.REGISTRATION)
                .filter(v -> v.usedAt().isEmpty())
                .ifPresent(v -> v.registrant().ifPresent(registrant -> accounts.findById(realm.name(), v.accountId())
                        .filter(a -> !a.emailVerified())
                        .ifPresent(a -> transaction.executeWithoutResult(status -> {
                            verifications.end(v.id());
                            sendVerification(realm, a, registrant, newId);
                        })))));
        return newId;
    }

    /**
     * Completes a registration from the code typed on the page or the link in the email: the account gets the
     * credentials of the person who registered with this verification, and whatever an earlier registrant of the
     * address left is removed. False when it was not a registration, or the account was verified meanwhile (then
     * this code or link no longer applies).
     */
    public boolean finish(RealmDefinition realm, EmailVerifications.Result result) {
        if (!(result instanceof EmailVerifications.Result.Verified verified)
                || verified.verification().purpose() != EmailVerification.Purpose.REGISTRATION
                || verified.verification().registrant().isEmpty()) {
            return false;
        }
        String accountId = verified.verification().accountId();
        Registrant registrant = verified.verification().registrant().get();
        return Boolean.TRUE.equals(transaction.execute(status -> {
            if (!accounts.completeRegistration(realm.name(), accountId, registrant.passwordHash(), registrant.name(),
                    registrant.locale(), clock.instant())) {
                return false;
            }
            earlierHolder.removeFrom(realm.name(), accountId);
            audit.event(realm.name(), "email-verified", "success").account(accountId).record();
            return true;
        }));
    }
}
