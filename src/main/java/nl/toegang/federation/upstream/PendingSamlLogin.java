package nl.toegang.federation.upstream;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Server-side state of one round trip to an upstream SAML IdP, kept in this browser's HTTP session under the opaque
 * RelayState we sent: only the browser that started the login can finish it, once, and the answer must be
 * InResponseTo exactly {@code authnRequestId}.
 *
 * @param acceptedClassRefs the IdP's AuthnContextClassRefs that meet the client's minimum; empty: no minimum asked
 * @param authorizeUrl      the realm's saved authorization request, to continue after login (null: realm home)
 * @param consoleLink       the {@link PendingConsoleLink} this login was started for (null: a sign-in)
 */
record PendingSamlLogin(String realm, String upstream, String authnRequestId, List<String> acceptedClassRefs,
                        String authorizeUrl, Instant createdAt, String consoleLink) implements Serializable {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_UPSTREAM_SAML_PENDING:";

    PendingSamlLogin {
        acceptedClassRefs = List.copyOf(acceptedClassRefs);
    }

    static String attribute(String relayState) {
        return ATTRIBUTE_PREFIX + relayState;
    }
}
