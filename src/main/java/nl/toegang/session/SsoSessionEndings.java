package nl.toegang.session;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.session.Session;
import org.springframework.session.events.SessionExpiredEvent;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link SsoSessionEnded} once per ended SSO session, on whichever node claims it first
 * ({@link SessionEndClaims}). Sessions that expire in the store (idle, nobody came back) arrive here as Spring
 * Session's {@link SessionExpiredEvent}: from the in-memory sweep, or from Redis expiry notifications on every node.
 * Deletions are not listened to: the code that deletes a session publishes its own reason.
 */
@Component
public class SsoSessionEndings {
    private final ApplicationEventPublisher events;
    private final SessionEndClaims claims;

    public SsoSessionEndings(ApplicationEventPublisher events, SessionEndClaims claims) {
        this.events = events;
        this.claims = claims;
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

    /** Publishes the end of the session with this id if nobody reported it yet. */
    public void ended(String sessionId, String realm, String subject, SsoSessionEnded.Reason reason) {
        if (claims.claim(sessionId)) {
            events.publishEvent(new SsoSessionEnded(realm, subject, SessionIds.sid(sessionId), reason));
        }
    }
}
