package nl.toegang.account;

/**
 * The tokens relying parties hold for an account, as far as the account's own flows need them: a password reset or
 * "end all sessions" revokes them. Implemented by the authorization server (oidc), which sits above accounts.
 */
public interface AccountTokens {

    /** Revokes every token family the realm issued to the account; returns how many were revoked. */
    int revokeAll(String realm, String accountId);
}
