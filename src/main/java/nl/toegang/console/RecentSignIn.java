package nl.toegang.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sensitive changes (password, email address, authenticator app, passkeys, recovery codes) need a sign-in with the
 * realm's factors within the last {@link #WINDOW} (ASVS 7.5.1): a browser left signed in must not be enough to
 * take over the account. "Signed in" is the console login's {@code auth_time}; without a recent one the console
 * signs in again with {@code max_age} ({@link ReauthenticationRequired}).
 */
@Component
public class RecentSignIn {
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final ConsoleLogins logins;
    private final Clock clock;

    public RecentSignIn(ConsoleLogins logins, Clock clock) {
        this.logins = logins;
        this.clock = clock;
    }

    public boolean recent(String realm, HttpServletRequest request) {
        return logins.current(realm, request).map(login -> isRecent(login, clock.instant())).orElse(false);
    }

    /** Throws {@link ReauthenticationRequired} unless the console login of {@code realm} is recent. */
    public void require(String realm, HttpServletRequest request) {
        if (!recent(realm, request)) {
            throw new ReauthenticationRequired(realm);
        }
    }

    static boolean isRecent(ConsoleLogin login, Instant now) {
        return !now.isAfter(login.authTime().plus(WINDOW));
    }
}
