package nl.toegang.saml;

import java.time.Instant;

/**
 * An unsigned AuthnRequest ready for the Redirect binding. Keep {@code id} in the browser session: the Response and
 * SubjectConfirmationData must answer it.
 */
public record AuthnRequest(String id, Instant issueInstant, String destination, String xml) {
}
