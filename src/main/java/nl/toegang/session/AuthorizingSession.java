package nl.toegang.session;

import jakarta.servlet.http.HttpSession;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.Optional;

/**
 * The browser session that authorized an authorization code, carried from the authorization request (a browser
 * request, which has the session) to the code's redemption (a back-channel request from the portal, which has none),
 * so that the ID token's {@code sid} names that session. Without it Spring Authorization Server names the session
 * of the account that was used last, which with two browsers is the other one.
 */
public final class AuthorizingSession {
    /** Attribute of the stored authorization: the id of the HTTP session that was given the code. */
    public static final String AUTHORIZATION_ATTRIBUTE = "nl.toegang.session.authorizing-session";
    private static final String REDEEMING = AuthorizingSession.class.getName() + ".redeeming";

    private AuthorizingSession() {
    }

    /** The id of the current request's HTTP session, if the request has one. */
    public static Optional<String> current() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
            HttpSession session = servlet.getRequest().getSession(false);
            return session == null ? Optional.empty() : Optional.of(session.getId());
        }
        return Optional.empty();
    }

    /** Notes, for the rest of this request, that the code being redeemed was authorized in {@code sessionId}. */
    public static void redeeming(String sessionId) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(REDEEMING, sessionId, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** The session that authorized the code this request redeems, if {@link #redeeming} named one. */
    static Optional<String> redeemed() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request == null ? Optional.empty()
                : Optional.ofNullable((String) request.getAttribute(REDEEMING, RequestAttributes.SCOPE_REQUEST));
    }
}
