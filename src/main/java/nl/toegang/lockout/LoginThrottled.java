package nl.toegang.lockout;

import java.util.Objects;

/**
 * A login attempt was refused by the throttle before its password was verified (delayed, locked, disabled or the IP
 * over its limits). Published for every such attempt, for unknown addresses exactly as for accounts; it carries no
 * account or address, only what metrics need.
 *
 * @param realm         realm name
 * @param authenticator the authenticator the attempt was made against
 */
public record LoginThrottled(String realm, Authenticator authenticator) {
    public LoginThrottled {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(authenticator, "authenticator");
    }
}
