package nl.toegang.saml;

/** Second-level NoAuthnContext: DigiD could not authenticate at the requested level. */
public record LevelNotMet(SamlStatus status) implements SamlOutcome {
}
