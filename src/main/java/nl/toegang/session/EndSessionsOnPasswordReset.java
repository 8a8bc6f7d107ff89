package nl.toegang.session;

import nl.toegang.account.reset.PasswordResets;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A password reset already stops every older session being accepted (the account's {@code sessionsNotBefore}) and
 * revokes the refresh tokens; this also removes those sessions from the store at once and reports each one, so
 * relying parties hear about it (back-channel logout) without waiting for the browser to come back.
 */
@Component
public class EndSessionsOnPasswordReset {
    private final SsoSessions sessions;

    public EndSessionsOnPasswordReset(SsoSessions sessions) {
        this.sessions = sessions;
    }

    @EventListener
    public void onReset(PasswordResets.PasswordWasReset reset) {
        sessions.endAll(reset.realm(), reset.accountId(), SsoSessionEnded.Reason.PASSWORD_RESET, null);
    }
}
