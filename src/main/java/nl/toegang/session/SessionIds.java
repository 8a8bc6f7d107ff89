package nl.toegang.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The OIDC {@code sid} of an HTTP session, computed exactly as Spring Authorization Server does for ID tokens. */
public final class SessionIds {
    private SessionIds() {
    }

    /**
     * SAS 7.0 ({@code OAuth2AuthorizationCodeAuthenticationProvider.createHash}): base64url without padding of the
     * SHA-256 of the session id's ASCII bytes. One-way, so a {@code sid} never reveals the session cookie.
     */
    public static String sid(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
