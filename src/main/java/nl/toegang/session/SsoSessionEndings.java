package nl.toegang.session;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.session.Session;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.stereotype.Component;

/**
 * The one place every ended SSO session passes: publishes {@link SsoSessionEnded} once per ended session, on whichever
 * node claims it first ({@link SessionEndClaims}), and then, unless it merely timed out, revokes the token families
 * issued in it ({@link SessionTokens}), so no relying party can refresh its way back into an ended session. Sessions
 * that expire in the store (idle, nobody came back) arrive here as Spring Session's {@link SessionExpiredEvent}: from
 * the in-memory sweep, or from Redis expiry notifications on every node. Deletions are not listened to: the code that
 * deletes a session reports it here with its own reason.
 */
@Component
public class SsoSessionEndings {
    private final ApplicationEventPublisher events;
    private final SessionEndClaims claims;
    private final SessionTokens tokens;

    public SsoSessionEndings(ApplicationEventPublisher events, SessionEndClaims claims, SessionTokens tokens) {
        this.events = events;
        this.claims = claims;
        this.tokens = tokens;
    }

    @EventListener
    void onExpired(SessionExpiredEvent expired) {
        ended(expired.getSession(), SsoSessionEnded.Reason.TIMEOUT);
    }

    /** Publishes the end of {@code session} if a subject was signed in to it and nobody reported it yet. */
    public void ended(Session session, SsoSessionEnded.Reason reason) {
        String realm = session.getAttribute(SessionAttributes.REALM);
        String subject = session.getAttribute(SessionAttributes.SUBJECT);
        if (realm != null && subject != null) {
            ended(session.getId(), realm, subject, reason);
        }
    }

    /**
     * Publishes the end of the session with this id if nobody reported it yet, then revokes its tokens (when
     * {@link SsoSessionEnded.Reason#revokesTokens()}).
     */
    public void ended(String sessionId, String realm, String subject, SsoSessionEnded.Reason reason) {
        if (claims.claim(sessionId)) {
            // First: back-channel logout reads the authorizations to learn which clients to tell.
            events.publishEvent(new SsoSessionEnded(realm, subject, SessionIds.sid(sessionId), reason));
        }
        if (reason.revokesTokens()) {
            // Also when already claimed: revoking is idempotent, and a report that failed half-way is completed.
            tokens.revokeIssuedIn(realm, subject, sessionId);
        }
    }
}
