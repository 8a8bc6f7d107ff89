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
    public enum Reason { LOGOUT, TIMEOUT, PASSWORD_RESET, SIGN_OUT_EVERYWHERE, SUPPORT_ACTION, ACCOUNT_DISABLED }

    public SsoSessionEnded {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reason, "reason");
    }
}
