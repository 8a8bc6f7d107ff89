package nl.toegang.saml;

/** Any other non-success status (RequestDenied, Requester, Responder, ...). */
public record AuthenticationFailed(SamlStatus status) implements SamlOutcome {
}
