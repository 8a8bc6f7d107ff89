package nl.toegang.login;

/**
 * How a person signed in. Every {@link LoginOutcome} names one; {@link LoginCompletion} derives from it whether the
 * session is federated and which new-device notice (if any) applies, so adding a method here makes the compiler
 * point at each place that must decide something about it.
 */
public enum LoginMethod {
    /** Email and password, no second factor due. */
    PASSWORD(false),
    /** Email and password, then a TOTP code, a recovery code or a passkey (login.secondfactor). */
    PASSWORD_AND_SECOND_FACTOR(false),
    /** A passkey on its own (login.passkey). */
    PASSKEY(false),
    /** DigiD over SAML (federation.digid.DigidController): a federated identity, not an email account. */
    DIGID(true),
    /**
     * An upstream OpenID Provider of the realm file (federation.upstream.UpstreamController): a federated identity,
     * not an email account.
     */
    UPSTREAM(true),
    /**
     * An upstream provider's login of an identity linked to an email account (linking: verified-email): signs in to
     * the account, so not federated; the upstream's factor stands in for the password.
     */
    UPSTREAM_LINKED(false);

    private final boolean federated;

    LoginMethod(boolean federated) {
        this.federated = federated;
    }

    /** An identity vouched for by an outside IdP: federated session rules, no email account, no device notice. */
    public boolean federated() {
        return federated;
    }
}
