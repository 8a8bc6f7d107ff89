package nl.toegang.saml;

/**
 * What a correctly signed, correctly addressed artifact response says. Refusals are exceptions; these are the
 * legitimate answers of the IdP, which the web layer turns into a session or a message page.
 */
public sealed interface SamlOutcome
        permits AuthenticatedResident, AuthenticatedSubject, AuthenticationCancelled, LevelNotMet, AuthenticationFailed {
}
