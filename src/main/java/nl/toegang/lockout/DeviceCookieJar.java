package nl.toegang.lockout;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes a realm's {@link DeviceCookies device cookie} on a request. A value written while handling a
 * request is also what {@link #current} returns for the rest of that request, so a step later in the same request
 * (the new-device check after a password-only login) sees the cookie the browser is about to hold.
 */
public final class DeviceCookieJar {
    private static final String WRITTEN = DeviceCookieJar.class.getName() + ".written:";

    private final DeviceCookies deviceCookies;

    public DeviceCookieJar(DeviceCookies deviceCookies) {
        this.deviceCookies = Objects.requireNonNull(deviceCookies, "deviceCookies");
    }

    /** The cookie value the browser sent with this request (not yet verified). */
    public Optional<String> sent(HttpServletRequest request, String realm) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        String name = DeviceCookies.cookieName(realm);
        return Arrays.stream(cookies).filter(c -> name.equals(c.getName())).map(Cookie::getValue).findFirst();
    }

    /** The value written earlier in this request, else the one the browser sent (not yet verified). */
    public Optional<String> current(HttpServletRequest request, String realm) {
        Object written = request.getAttribute(WRITTEN + realm);
        return written instanceof String value ? Optional.of(value) : sent(request, realm);
    }

    /** Sets the realm's device cookie (long-lived, HttpOnly, SameSite=Lax, only sent to the realm's paths). */
    public void write(HttpServletRequest request, HttpServletResponse response, String realm, String value) {
        request.setAttribute(WRITTEN + realm, value);
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(DeviceCookies.cookieName(realm), value)
                .path(DeviceCookies.cookiePath(realm))
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Lax")
                .maxAge(deviceCookies.lifetime())
                .build().toString());
    }
}
