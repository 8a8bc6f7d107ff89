package nl.toegang.mfa;

/** Argument checks shared by the MFA services, so every entry point rejects the same bad identifiers. */
public final class MfaIds {

    private MfaIds() {
    }

    /** Realm names are at most 64 characters, as in the {@code account} table. */
    public static String requireRealm(String realm) {
        if (realm == null || realm.isBlank() || realm.length() > 64) {
            throw new IllegalArgumentException("realm must be a non-blank name of at most 64 characters");
        }
        return realm;
    }

    /** Account ids are at most 36 characters (a UUID), as in the {@code account} table. */
    public static String requireAccountId(String accountId) {
        if (accountId == null || accountId.isBlank() || accountId.length() > 36) {
            throw new IllegalArgumentException("accountId must be non-blank and at most 36 characters");
        }
        return accountId;
    }
}
