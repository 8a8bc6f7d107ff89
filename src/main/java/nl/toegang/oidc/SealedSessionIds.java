package nl.toegang.oidc;

import nl.toegang.crypto.DecryptionException;
import nl.toegang.crypto.MasterKey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The browser session id an authorization remembers until its code is redeemed ({@link AuthorizingSessions}) is the
 * session cookie itself, so it rests encrypted under the master key, bound to its authorization: a copy of the
 * database yields no usable session. Unlike a token it cannot be hashed, because redemption needs the id to find the
 * session.
 */
public final class SealedSessionIds {
    private final MasterKey masterKey;

    public SealedSessionIds(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    public String seal(String sessionId, String authorizationId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                masterKey.encrypt(sessionId.getBytes(StandardCharsets.UTF_8), context(authorizationId)));
    }

    /** The session id, or empty when the value was not sealed for this authorization (then the code gets no sid). */
    public Optional<String> open(String sealed, String authorizationId) {
        try {
            return Optional.of(new String(masterKey.decrypt(Base64.getUrlDecoder().decode(sealed),
                    context(authorizationId)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecryptionException notSealedHere) {
            return Optional.empty();
        }
    }

    private static String context(String authorizationId) {
        return "authorizing-session:" + authorizationId;
    }

    @Override
    public String toString() {
        return "SealedSessionIds[****]";
    }
}
