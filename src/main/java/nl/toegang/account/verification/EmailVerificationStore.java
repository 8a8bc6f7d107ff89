package nl.toegang.account.verification;

import java.time.Instant;
import java.util.Optional;

/** Durable storage of email verifications. Every state change is a single conditional update. */
public interface EmailVerificationStore {

    void insert(EmailVerification verification);

    Optional<EmailVerification> findById(String realm, String id);

    Optional<EmailVerification> findByLinkHash(String linkHash);

    /** Counts one code attempt; false when the attempt budget is spent or the verification is finished. */
    boolean countAttempt(String id, int maxAttempts);

    /** Marks it used; true for exactly one caller. */
    boolean consume(String id, Instant now);

    /** Ends every unfinished verification of this account and purpose (a newer one replaces them). */
    void supersede(String realm, String accountId, EmailVerification.Purpose purpose, Instant now);

    /** Ends every unfinished verification of this account, of any purpose (its address was just proven). */
    int endAllFor(String realm, String accountId, Instant now);
}
