package nl.toegang.saml;

/** Second-level AuthnFailed: the user cancelled (or has no number in the requested sector). No session. */
public record AuthenticationCancelled(SamlStatus status) implements SamlOutcome {
}
