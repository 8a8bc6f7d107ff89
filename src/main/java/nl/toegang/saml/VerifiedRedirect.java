package nl.toegang.saml;

import org.w3c.dom.Document;

/**
 * A Redirect-binding message whose detached signature verified; {@code relayState} may be null, {@code messageName}
 * is {@code SAMLRequest} or {@code SAMLResponse}.
 */
public record VerifiedRedirect(Document message, String relayState, String sigAlg, String messageName) {
}
