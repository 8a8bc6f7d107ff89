package nl.toegang.session;

/**
 * The tokens relying parties were given during one SSO session, as far as ending that session needs them. Implemented
 * by the authorization server (oidc), which sits above sessions; called by {@link SsoSessionEndings}, the one place
 * every ended session passes.
 */
public interface SessionTokens {

    /**
     * Revokes every token family (authorization) issued in the session with this id: those whose ID tokens carry its
     * {@code sid}, and codes it authorized that were not redeemed yet. Other sessions of the same subject are not
     * touched. Idempotent; returns how many were revoked.
     */
    int revokeIssuedIn(String realm, String subject, String sessionId);
}
