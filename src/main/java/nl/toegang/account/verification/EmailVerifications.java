package nl.toegang.account.verification;

import nl.toegang.crypto.OneTimeSecrets;
import nl.toegang.realm.RealmSettings;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Proves control of an email address with one email carrying both a code (typed in the open browser tab) and a
 * link (opened from the mailbox). Either finishes the verification; both are single use; codes allow a few attempts.
 */
@Service
public class EmailVerifications {
    /** A wrong code five times ends the verification; a new email must be requested. */
    public static final int MAX_CODE_ATTEMPTS = 5;

    private final EmailVerificationStore store;
    private final OneTimeSecrets secrets;
    private final Clock clock;

    public EmailVerifications(EmailVerificationStore store, OneTimeSecrets secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The code and link token to put in the email; only their hashes are stored. */
    public record Issued(String id, String code, String linkToken) {
        @Override
        public String toString() {
            return "Issued[id=" + id + "]";
        }
    }

    /** What checking a code or link concluded. */
    public sealed interface Result {
        record Verified(EmailVerification verification) implements Result {
        }

        /** Wrong, expired, used or unknown: deliberately one answer. */
        record Failed() implements Result {
        }
    }

    /**
     * Starts a verification with the given id (chosen by the caller so it can be handed out before the mail), ending
     * the account's earlier ones of this purpose. Not for registrations: see {@link #issueRegistration}.
     */
    public Issued issue(String id, String realm, String accountId, String email, EmailVerification.Purpose purpose,
                        RealmSettings.SelfService settings) {
        if (purpose == EmailVerification.Purpose.REGISTRATION) {
            throw new IllegalArgumentException("a registration verification carries its registrant");
        }
        store.supersede(realm, accountId, purpose, clock.instant());
        return insert(id, realm, accountId, email, purpose, Optional.empty(), settings);
    }

    /**
     * Starts a registration verification that carries the registrant's own credentials. Other people's pending
     * registrations of the same address are left alone: each registrant's code and link apply their own credentials,
     * so a later registration cannot take over an earlier one's mail, and an earlier one cannot take over the owner's.
     */
    public Issued issueRegistration(String id, String realm, String accountId, String email, Registrant registrant,
                                    RealmSettings.SelfService settings) {
        return insert(id, realm, accountId, email, EmailVerification.Purpose.REGISTRATION, Optional.of(registrant),
                settings);
    }

    /** Ends one verification (a resend replaces it with a new one for the same registrant). */
    public void end(String id) {
        store.consume(id, clock.instant());
    }

    /** Ends every unfinished verification of the account, of any purpose; returns how many. */
    public int endAllFor(String realm, String accountId) {
        return store.endAllFor(realm, accountId, clock.instant());
    }

    private Issued insert(String id, String realm, String accountId, String email, EmailVerification.Purpose purpose,
                          Optional<Registrant> registrant, RealmSettings.SelfService settings) {
        Instant now = clock.instant();
        String code = secrets.newCode();
        String link = secrets.newLinkToken();
        store.insert(new EmailVerification(id, realm, accountId, email, purpose, secrets.hash(code),
                secrets.hash(link), now.plus(settings.verificationCodeLifetime()),
                now.plus(settings.verificationLinkLifetime()), 0, now, Optional.empty(), registrant));
        return new Issued(id, code, link);
    }

    public Issued issue(String realm, String accountId, String email, EmailVerification.Purpose purpose,
                        RealmSettings.SelfService settings) {
        return issue(UUID.randomUUID().toString(), realm, accountId, email, purpose, settings);
    }

    public Result verifyCode(String realm, String id, String code) {
        Instant now = clock.instant();
        var found = store.findById(realm, id);
        if (found.isEmpty() || found.get().usedAt().isPresent() || now.isAfter(found.get().codeExpiresAt())) {
            return new Result.Failed();
        }
        if (!store.countAttempt(id, MAX_CODE_ATTEMPTS)) {
            return new Result.Failed();
        }
        if (!secrets.matches(OneTimeSecrets.normalizeCode(code), found.get().codeHash())) {
            return new Result.Failed();
        }
        return store.consume(id, now) ? new Result.Verified(found.get()) : new Result.Failed();
    }

    /** Checks a link token without using it (for the confirmation page shown before the POST). */
    public Optional<EmailVerification> peekLink(String realm, String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return store.findByLinkHash(secrets.hash(token))
                .filter(v -> v.realm().equals(realm))
                .filter(v -> v.usedAt().isEmpty())
                .filter(v -> !clock.instant().isAfter(v.linkExpiresAt()));
    }

    public Result verifyLink(String realm, String token) {
        var found = peekLink(realm, token);
        if (found.isEmpty()) {
            return new Result.Failed();
        }
        return store.consume(found.get().id(), clock.instant()) ? new Result.Verified(found.get())
                : new Result.Failed();
    }

    public Optional<EmailVerification> find(String realm, String id) {
        return store.findById(realm, id);
    }
}
