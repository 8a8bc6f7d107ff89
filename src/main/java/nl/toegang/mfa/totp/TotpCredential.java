package nl.toegang.mfa.totp;

import nl.toegang.mfa.MfaIds;

import java.time.Instant;
import java.util.Objects;

/**
 * One account's TOTP key with the parameters it was enrolled with. {@code confirmedAt} is null while the credential
 * is pending (enrolled but no valid code seen yet). The secret masks itself, so {@code toString()} is safe to log.
 */
public record TotpCredential(String realm, String accountId, TotpSecret secret, TotpParameters parameters,
                             Instant createdAt, Instant confirmedAt, Instant lastUsedAt) {

    public TotpCredential {
        MfaIds.requireRealm(realm);
        MfaIds.requireAccountId(accountId);
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new, unconfirmed credential. */
    public static TotpCredential pending(String realm, String accountId, TotpSecret secret, TotpParameters parameters,
                                         Instant createdAt) {
        return new TotpCredential(realm, accountId, secret, parameters, createdAt, null, null);
    }

    public boolean confirmed() {
        return confirmedAt != null;
    }
}
