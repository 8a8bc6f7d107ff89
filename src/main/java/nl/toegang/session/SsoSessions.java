package nl.toegang.session;

import nl.toegang.account.AccountRepository;
import nl.toegang.account.AccountTokens;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The SSO sessions of one subject in one realm, across all nodes: found through the session store's principal index,
 * ended by deleting them from the shared store (the browser is signed out on whichever node it uses next), each end
 * reported once as {@link SsoSessionEnded}.
 */
@Component
public class SsoSessions {
    private final FindByIndexNameSessionRepository<? extends Session> store;
    private final SsoSessionEndings endings;
    private final AccountRepository accounts;
    private final AccountTokens tokens;
    private final Clock clock;

    public SsoSessions(FindByIndexNameSessionRepository<? extends Session> store, SsoSessionEndings endings,
                       AccountRepository accounts, AccountTokens tokens, Clock clock) {
        this.store = store;
        this.endings = endings;
        this.accounts = accounts;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * One signed-in browser. {@code sid} is the handle pages use: it names the session without revealing its id.
     *
     * @param userAgent    the browser's User-Agent at sign-in (may be empty)
     * @param lastActivity the last request, or the sign-in when unknown
     * @param method       how it was signed in ({@link SignInMethod}); empty for sessions from before it was kept
     * @param network      the approximate network of the sign-in ({@link ApproximateNetwork}); may be empty
     * @param current      the session of the browser asking
     */
    public record ActiveSession(String sid, String userAgent, Instant signedInAt, Instant lastActivity,
                                String method, String network, boolean current) {
    }

    /** The sessions of {@code subject} in {@code realm}, most recently used first. */
    public List<ActiveSession> list(String realm, String subject, String currentSessionId) {
        return sessionsOf(realm, subject).stream().map(s -> {
            Instant signedInAt = Optional.ofNullable(s.<Instant>getAttribute(SessionAttributes.SIGNED_IN_AT))
                    .orElse(s.getCreationTime());
            Instant last = Optional.ofNullable(s.<Instant>getAttribute(SessionAttributes.LAST_ACTIVITY))
                    .orElse(signedInAt);
            String agent = Optional.ofNullable(s.<String>getAttribute(SessionAttributes.USER_AGENT)).orElse("");
            String method = Optional.ofNullable(s.<String>getAttribute(SessionAttributes.SIGN_IN_METHOD)).orElse("");
            String network = Optional.ofNullable(s.<String>getAttribute(SessionAttributes.NETWORK)).orElse("");
            return new ActiveSession(SessionIds.sid(s.getId()), agent, signedInAt, last, method, network,
                    s.getId().equals(currentSessionId));
        }).sorted(Comparator.comparing(ActiveSession::lastActivity).reversed()).toList();
    }

    /** Ends the session of {@code subject} whose {@code sid} is given; false when there is none (already ended). */
    public boolean end(String realm, String subject, String sid, SsoSessionEnded.Reason reason) {
        for (Session session : sessionsOf(realm, subject)) {
            if (SessionIds.sid(session.getId()).equals(sid)) {
                end(session, reason);
                return true;
            }
        }
        return false;
    }

    /** Ends every session of {@code subject} in {@code realm} except {@code keepSessionId} (may be null). */
    public int endAll(String realm, String subject, SsoSessionEnded.Reason reason, String keepSessionId) {
        int ended = 0;
        for (Session session : sessionsOf(realm, subject)) {
            if (!session.getId().equals(keepSessionId)) {
                end(session, reason);
                ended++;
            }
        }
        return ended;
    }

    /** Ends the sessions of {@code subject} in {@code realm} that {@code which} selects; returns how many. */
    public int endWhere(String realm, String subject, Predicate<Session> which, SsoSessionEnded.Reason reason) {
        int ended = 0;
        for (Session session : sessionsOf(realm, subject)) {
            if (which.test(session)) {
                end(session, reason);
                ended++;
            }
        }
        return ended;
    }

    /**
     * Signs an email account out everywhere: sessions authenticated before now stop being accepted on every node
     * (the database check in {@link SessionValidityFilter} catches any session the index missed), all its sessions
     * are ended and reported, and its refresh tokens revoked. Returns the number of token families revoked.
     */
    public int signOutEverywhere(String realm, String accountId, SsoSessionEnded.Reason reason) {
        accounts.endSessionsBefore(realm, accountId, clock.instant());
        endAll(realm, accountId, reason, null);
        return tokens.revokeAll(realm, accountId);
    }

    private void end(Session session, SsoSessionEnded.Reason reason) {
        endings.ended(session, reason);
        store.deleteById(session.getId());
    }

    private List<? extends Session> sessionsOf(String realm, String subject) {
        return store.findByPrincipalName(subject).values().stream()
                .filter(s -> realm.equals(s.getAttribute(SessionAttributes.REALM)))
                .toList();
    }
}
