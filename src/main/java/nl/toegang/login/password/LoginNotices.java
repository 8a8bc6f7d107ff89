package nl.toegang.login.password;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import nl.toegang.lockout.ThrottleNotice;

import java.util.Optional;

/**
 * The throttle notice this browser's last sign-in attempt got, kept in its HTTP session so that a reload or a language
 * switch shows the same notice with the same end time. Only a POST of the login form sets or clears it, and a GET
 * only reads it: the page never looks up the lock state of an address named in a URL, and the session holds nothing
 * the attempt's own answer did not already say.
 */
final class LoginNotices {
    private static final String ATTRIBUTE = "TOEGANG_LOGIN_NOTICE:";
    private static final String TYPED_EMAIL = "TOEGANG_LOGIN_TYPED_EMAIL:";
    /** Longer input is not an address anyone typed: not kept. */
    private static final int MAX_EMAIL_LENGTH = 320;

    private LoginNotices() {
    }

    static void remember(HttpServletRequest request, String realm, ThrottleNotice notice) {
        request.getSession().setAttribute(ATTRIBUTE + realm, notice);
    }

    /** A new attempt that was not throttled: the old notice no longer applies. */
    static void forget(HttpServletRequest request, String realm) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE + realm);
        }
    }

    /** The notice of the last attempt, ended or not (empty when this session made no throttled attempt). */
    static Optional<ThrottleNotice> last(HttpServletRequest request, String realm) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE + realm) instanceof ThrottleNotice notice
                ? Optional.of(notice) : Optional.empty();
    }

    /**
     * The address typed in a refused attempt, so that the page answering it (and its reload or language switch)
     * keeps it in the field. Only the refusal pages show it; a plain login page starts empty.
     */
    static void rememberTypedEmail(HttpServletRequest request, String realm, String email) {
        if (email.length() <= MAX_EMAIL_LENGTH) {
            request.getSession().setAttribute(TYPED_EMAIL + realm, email);
        }
    }

    static Optional<String> typedEmail(HttpServletRequest request, String realm) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(TYPED_EMAIL + realm) instanceof String email
                ? Optional.of(email) : Optional.empty();
    }

    /** Signed in: nothing typed before is shown again. */
    static void forgetTypedEmail(HttpServletRequest request, String realm) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(TYPED_EMAIL + realm);
        }
    }
}
