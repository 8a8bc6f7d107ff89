package nl.toegang.session;

import java.util.Objects;

/**
 * Published (as a Spring application event) when the SSO session of a realm ends, on the node where it ends, for any
 * reason. Listeners such as back-channel logout must return quickly and never block the user's request.
 *
 * @param realm     the realm whose session ended
 * @param subject   the principal name of the session (the account id, or the federated identity id)
 * @param sid       the {@code sid} value the ID tokens of this session carry (Authorization Server's hash of the
 *                  HTTP session id), or {@code null} when it is unknown (e.g. all sessions of a user ended at once)
 * @param reason    why it ended
 */
public record SsoSessionEnded(String realm, String subject, String sid, Reason reason) {
    public enum Reason {
        LOGOUT, TIMEOUT, PASSWORD_RESET, SIGN_OUT_EVERYWHERE, SUPPORT_ACTION, ACCOUNT_DISABLED;

        /**
         * True when the end revokes the refresh tokens issued in the session ({@link SessionTokens}): every end that
         * someone chose (the person, support, a password reset). A session that merely timed out (nobody came back to
         * the browser) leaves them to their own lifetime, so a portal that refreshes in the background keeps working
         * past the browser's idle timeout.
         */
        public boolean revokesTokens() {
            return this != TIMEOUT;
        }
    }

    public SsoSessionEnded {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
    }
}
