package nl.toegang.federation.upstream;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Server-side state of one round trip to an upstream provider, kept in this browser's HTTP session under the opaque
 * {@code state} we sent: only the browser that started the login can finish it, once, and nothing of it but
 * {@code state}, {@code nonce} and the PKCE challenge travels through the provider. toString shows no secret.
 *
 * @param nonce        the {@code nonce} the ID token must carry (OIDC Core §3.1.2.1)
 * @param codeVerifier the PKCE verifier (RFC 7636) our token request proves the code with
 * @param acceptedAcr  the provider's acr values that meet the client's minimum; empty: no minimum was asked
 * @param authorizeUrl the realm's saved authorization request, to continue after login (null: realm home)
 * @param consoleLink  the {@link PendingConsoleLink} this login was started for (null: a sign-in)
 */
record PendingUpstreamLogin(String realm, String upstream, String nonce, String codeVerifier,
                            List<String> acceptedAcr, String authorizeUrl, Instant createdAt, String consoleLink)
        implements Serializable {
    private static final String ATTRIBUTE_PREFIX = "TOEGANG_UPSTREAM_PENDING:";

    PendingUpstreamLogin {
        acceptedAcr = List.copyOf(acceptedAcr);
    }

    static String attribute(String state) {
        return ATTRIBUTE_PREFIX + state;
    }

    @Override
    public String toString() {
        return "PendingUpstreamLogin[realm=" + realm + ", upstream=" + upstream + ", acceptedAcr=" + acceptedAcr
                + ", createdAt=" + createdAt + "]";
    }
}
