package nl.toegang.account;

import java.util.Objects;
import java.util.Optional;

/**
 * One email + password attempt as it arrived.
 *
 * @param realm        realm name
 * @param email        as typed (may be empty)
 * @param password     as typed (may be empty); never printed
 * @param ip           client address literal ({@code request.getRemoteAddr()})
 * @param deviceCookie the realm's trusted-device cookie value, if the browser sent one (not yet verified)
 */
public record LoginAttempt(String realm, String email, String password, String ip, Optional<String> deviceCookie) {
    public LoginAttempt {
        Objects.requireNonNull(realm, "realm");
        email = email == null ? "" : email;
        password = password == null ? "" : password;
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(deviceCookie, "deviceCookie");
    }

    @Override
    public String toString() {
        return "LoginAttempt[realm=" + realm + ", ip=" + ip + "]";
    }
}
