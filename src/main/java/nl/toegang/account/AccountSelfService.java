package nl.toegang.account;

import nl.toegang.account.password.PasswordPolicies;
import nl.toegang.account.password.PasswordVerdict;
import nl.toegang.account.verification.EmailVerification;
import nl.toegang.account.verification.EmailVerifications;
import nl.toegang.audit.AuditLog;
import nl.toegang.realm.RealmDefinition;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a signed-in person changes about their own account: contact details, email address, password. Each change,
 * its notification email and its audit event are written in one transaction, so a database failure half-way leaves
 * the account as it was (and no email announcing a change that did not happen).
 */
@Service
public class AccountSelfService {
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ()\\-]{6,25}$");

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final PasswordPolicies policies;
    private final EmailVerifications verifications;
    private final AccountEmails emails;
    private final Clock clock;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    public AccountSelfService(AccountRepository accounts, PasswordHasher hasher, PasswordPolicies policies,
                              EmailVerifications verifications, AccountEmails emails, Clock clock,
                              AuditLog audit, TransactionTemplate transaction) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.policies = policies;
        this.verifications = verifications;
        this.emails = emails;
        this.clock = clock;
        this.audit = audit;
        this.transaction = transaction;
    }

    public static boolean validPhone(String phone) {
        return phone == null || phone.isBlank() || PHONE.matcher(phone.trim()).matches();
    }

    public void updateProfile(RealmDefinition realm, Account account, String name, String phone, String locale) {
        String cleanPhone = phone == null || phone.isBlank() ? null : phone.trim();
        transaction.executeWithoutResult(status -> {
            accounts.updateProfile(realm.name(), account.id(), name.trim(), cleanPhone,
                    "en".equals(locale) ? "en" : "nl");
            audit.event(realm.name(), "profile-change", "success").account(account.id()).record();
        });
    }

    /** What changing a password concluded. */
    public sealed interface PasswordChange {
        record Changed() implements PasswordChange {
        }

        record WrongCurrentPassword() implements PasswordChange {
        }

        record Weak(PasswordVerdict verdict) implements PasswordChange {
        }
    }

    /** Needs the current password; ends every other session of the account. */
    public PasswordChange changePassword(RealmDefinition realm, Account account, String current, String chosen) {
        if (account.passwordHash().isEmpty() || !hasher.matches(current, account.passwordHash().get())) {
            audit.event(realm.name(), "password-change", "failure").account(account.id())
                    .reason("current password wrong").record();
            return new PasswordChange.WrongCurrentPassword();
        }
        PasswordVerdict verdict = policies.check(realm, chosen, account);
        if (!verdict.accepted()) {
            return new PasswordChange.Weak(verdict);
        }
        String hash = hasher.hash(chosen); // slow, so before the transaction opens
        transaction.executeWithoutResult(status -> {
            accounts.replacePassword(realm.name(), account.id(), hash, clock.instant());
            emails.passwordChanged(realm, account);
            audit.event(realm.name(), "password-change", "success").account(account.id()).record();
        });
        return new PasswordChange.Changed();
    }

    /**
     * Starts moving the account to a new address: the new address must prove itself first. When another verified
     * account already has it, that address is told instead, and the answer here is the same. An unverified account
     * on the address does not block it: it proved nothing, and proving the address for this change removes it.
     */
    public String requestEmailChange(RealmDefinition realm, Account account, String newEmail) {
        var settings = realm.settings().selfService();
        String id = UUID.randomUUID().toString();
        if (accounts.findByEmail(realm.name(), newEmail).filter(Account::emailVerified).isPresent()) {
            emails.addressAlreadyInUse(realm, newEmail, account.locale());
            return id;
        }
        transaction.executeWithoutResult(status -> {
            var issued = verifications.issue(id, realm.name(), account.id(), newEmail.trim(),
                    EmailVerification.Purpose.EMAIL_CHANGE, settings);
            emails.verifyAddress(realm, newEmail.trim(), account.locale(), issued.code(), issued.linkToken(),
                    settings.verificationCodeLifetime(), true);
        });
        return id;
    }

    /**
     * Applies a verified email change; false when it was not one, or a verified account has the address by now.
     * An unverified account on the address (a registration nobody completed) is removed first: this person just
     * proved the mailbox, the registrant never did.
     */
    public boolean finishEmailChange(RealmDefinition realm, EmailVerifications.Result result) {
        if (!(result instanceof EmailVerifications.Result.Verified verified)
                || verified.verification().purpose() != EmailVerification.Purpose.EMAIL_CHANGE) {
            return false;
        }
        var change = verified.verification();
        var account = accounts.findById(realm.name(), change.accountId());
        if (account.isEmpty()) {
            return false;
        }
        return Boolean.TRUE.equals(transaction.execute(status -> {
            // Checked before the update: on PostgreSQL a failed unique update ends the transaction.
            accounts.findByEmail(realm.name(), change.email())
                    .filter(holder -> !holder.id().equals(change.accountId()) && !holder.emailVerified())
                    .ifPresent(unproven -> {
                        if (accounts.deleteIfUnverified(realm.name(), unproven.id())) {
                            verifications.endAllFor(realm.name(), unproven.id());
                            audit.event(realm.name(), "unverified-account-removed", "success")
                                    .account(unproven.id()).reason("address proven by another account").record();
                        }
                    });
            if (!accounts.replaceEmail(realm.name(), change.accountId(), change.email())) {
                status.setRollbackOnly();
                return false;
            }
            emails.emailChanged(realm, account.get(), account.get().email(), change.email());
            audit.event(realm.name(), "email-change", "success").account(change.accountId()).record();
            return true;
        }));
    }
}
