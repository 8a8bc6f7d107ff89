package nl.toegang.federation.upstream;

import java.io.Serializable;
import java.time.Instant;

/**
 * A LogoutRequest we sent to an upstream SAML IdP and whose LogoutResponse we still expect, kept in this browser's
 * HTTP session under the opaque RelayState we sent: the answer must come back to this browser, for this upstream,
 * name this request (InResponseTo), once and in time.
 */
record PendingSamlLogout(String realm, String upstream, String requestId, Instant createdAt) implements Serializable {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_UPSTREAM_SAML_LOGOUT:";

    static String attribute(String realm, String relayState) {
        return ATTRIBUTE_PREFIX + realm + ":" + relayState;
    }
}
