package nl.toegang.federation.digid;

import java.io.Serializable;
import java.time.Instant;

/**
 * A LogoutRequest we sent to DigiD and whose LogoutResponse we still expect, kept in the HTTP session under an opaque
 * RelayState: the response must come back to this browser, name this request (InResponseTo) and arrive in time.
 */
public record PendingDigidLogout(String realm, String requestId, Instant createdAt) implements Serializable {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_DIGID_LOGOUT_PENDING:";

    public static String attribute(String realm, String relayState) {
        return ATTRIBUTE_PREFIX + realm + ":" + relayState;
    }
}
