package nl.toegang.mfa.totp;

import java.time.Instant;
import java.util.Optional;

/**
 * Storage of TOTP credentials. An account has at most one confirmed credential, which signs in, and at most one
 * pending credential, which never signs in; they are kept apart so that re-enrolling does not disable the working
 * authenticator before the new one has proved itself.
 */
public interface TotpCredentialRepository {

    /** Stores {@code pending} as the account's pending credential, replacing an earlier pending one. */
    void savePending(TotpCredential pending);

    Optional<TotpCredential> findPending(String realm, String accountId);

    Optional<TotpCredential> findConfirmed(String realm, String accountId);

    /**
     * Atomically makes the pending credential with secret {@code expected} the account's confirmed credential,
     * replacing the previous confirmed one. Returns false, changing nothing, when the pending credential is gone or
     * was replaced by another enrolment in the meantime.
     */
    boolean confirmPending(String realm, String accountId, TotpSecret expected, Instant confirmedAt);

    /** Notes a successful sign-in with the confirmed credential. */
    void recordUse(String realm, String accountId, Instant usedAt);

    /** Removes the confirmed and the pending credential. */
    void delete(String realm, String accountId);

    /**
     * The JDBC store (keys encrypted with the master key), for operator commands that run without the server's
     * context (the Keycloak import); the server itself gets it as a bean.
     */
    static TotpCredentialRepository jdbc(org.springframework.jdbc.core.simple.JdbcClient jdbc,
                                         org.springframework.transaction.support.TransactionTemplate tx,
                                         nl.toegang.crypto.MasterKey masterKey) {
        return new nl.toegang.mfa.totp.jdbc.JdbcTotpCredentialRepository(jdbc, tx, masterKey);
    }
}
