package nl.toegang.mfa.totp;

/** The issuer name an authenticator app shows for a realm's accounts, e.g. the realm's display name. */
@FunctionalInterface
public interface TotpIssuer {

    /** Must not contain ':' (the key URI format separates issuer and label with it). */
    String issuerFor(String realm);
}
