package nl.toegang.lockout;

import java.util.Objects;

/**
 * Identifies one failure counter: a budget of one authenticator of one account in one realm.
 *
 * @param realm         realm id
 * @param accountKey    opaque account key: a keyed hash (e.g. HMAC-SHA-256, base64url) of the account id, or of the
 *                      normalised email when no account exists. Unknown accounts must be counted exactly like known
 *                      ones, so the caller must not branch on existence before calling the throttle. Raw emails are
 *                      rejected (no {@code @} allowed) because keys are stored in Redis in clear text.
 * @param authenticator what was guessed
 * @param budget        trusted device or untrusted browser
 */
public record ThrottleKey(String realm, String accountKey, Authenticator authenticator, Budget budget) {

    public ThrottleKey {
        Identifiers.requireSafe("realm", realm);
        Identifiers.requireSafe("accountKey", accountKey);
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(budget, "budget");
    }

    public static ThrottleKey untrusted(String realm, String accountKey, Authenticator authenticator) {
        return new ThrottleKey(realm, accountKey, authenticator, Budget.UNTRUSTED);
    }

    public static ThrottleKey trustedDevice(String realm, String accountKey, Authenticator authenticator,
                                            String deviceId) {
        return new ThrottleKey(realm, accountKey, authenticator, Budget.trustedDevice(deviceId));
    }

    public boolean trusted() {
        return budget instanceof Budget.TrustedDevice;
    }

    /** Field name of this budget within the account's storage entry, e.g. {@code PASSWORD|u}. */
    String budgetField() {
        return authenticator.name() + "|" + budget.id();
    }
}
