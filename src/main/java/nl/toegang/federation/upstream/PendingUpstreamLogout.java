package nl.toegang.federation.upstream;

import java.io.Serializable;
import java.time.Instant;

/**
 * A logout we sent to the provider's {@code end_session_endpoint} and whose return we still expect: it must come back
 * to this browser with this {@code state}, once and in time, before we send the browser on to the relying party.
 */
record PendingUpstreamLogout(String realm, String upstream, String state, Instant createdAt) implements Serializable {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_UPSTREAM_LOGOUT:";

    static String attribute(String realm) {
        return ATTRIBUTE_PREFIX + realm;
    }
}
