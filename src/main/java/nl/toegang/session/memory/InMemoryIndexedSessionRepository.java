package nl.toegang.session.memory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.Session;
import org.springframework.session.events.SessionExpiredEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions of one node, in memory, findable by principal name (Spring Session's own {@code MapSessionRepository} has
 * no index). Expired sessions are removed when found and by {@link #removeExpired()}, each with a
 * {@link SessionExpiredEvent}, as the Redis store does; expiry is judged by the injected clock, so tests can move
 * time.
 */
public class InMemoryIndexedSessionRepository implements FindByIndexNameSessionRepository<TrackedSession> {
    private final Map<String, MapSession> sessions = new ConcurrentHashMap<>();
    private final PrincipalNameIndexResolver<Session> principals = new PrincipalNameIndexResolver<>();
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration defaultMaxInactiveInterval;

    public InMemoryIndexedSessionRepository(ApplicationEventPublisher events, Clock clock,
                                            Duration defaultMaxInactiveInterval) {
        this.events = events;
        this.clock = clock;
        this.defaultMaxInactiveInterval = defaultMaxInactiveInterval;
    }

    @Override
    public TrackedSession createSession() {
        MapSession session = new MapSession();
        session.setCreationTime(clock.instant());
        session.setLastAccessedTime(clock.instant());
        session.setMaxInactiveInterval(defaultMaxInactiveInterval);
        return new TrackedSession(session, true);
    }

    /**
     * Stores what this request changed. A new or renamed session is stored whole; otherwise only the attributes the
     * request set or removed are applied to the stored session (atomically per session), so concurrent requests of
     * one browser do not undo each other's changes. A session deleted meanwhile (logout) is not brought back.
     */
    @Override
    public void save(TrackedSession session) {
        Instant now = clock.instant();
        boolean renamed = !session.getId().equals(session.originalId());
        if (session.isNew() || renamed) {
            if (renamed) {
                sessions.remove(session.originalId());
            }
            MapSession whole = session.snapshot();
            whole.setLastAccessedTime(now);
            sessions.put(session.getId(), whole);
            return;
        }
        sessions.computeIfPresent(session.getId(), (id, stored) -> {
            // A copy, so requests holding the stored object never see it change under them.
            MapSession updated = new MapSession(stored);
            for (String name : session.changedAttributes()) {
                Object value = session.getAttribute(name);
                if (value == null) {
                    updated.removeAttribute(name);
                } else {
                    updated.setAttribute(name, value);
                }
            }
            updated.setMaxInactiveInterval(session.getMaxInactiveInterval());
            // The filter stamped the access with the system clock; the store judges expiry with the injected one.
            updated.setLastAccessedTime(now);
            return updated;
        });
    }

    @Override
    public TrackedSession findById(String id) {
        MapSession stored = sessions.get(id);
        if (stored == null) {
            return null;
        }
        if (expired(stored)) {
            expire(stored);
            return null;
        }
        return new TrackedSession(new MapSession(stored), false);
    }

    @Override
    public void deleteById(String id) {
        sessions.remove(id);
    }

    @Override
    public Map<String, TrackedSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName)) {
            return Map.of();
        }
        Map<String, TrackedSession> found = new HashMap<>();
        for (MapSession session : sessions.values()) {
            if (!expired(session) && indexValue.equals(principals.resolveIndexValueFor(session))) {
                found.put(session.getId(), new TrackedSession(new MapSession(session), false));
            }
        }
        return found;
    }

    /** Removes every expired session; called on a schedule so sessions nobody returns to also end. */
    public int removeExpired() {
        int removed = 0;
        for (MapSession session : sessions.values()) {
            if (expired(session) && expire(session)) {
                removed++;
            }
        }
        return removed;
    }

    private boolean expired(MapSession session) {
        Duration idle = session.getMaxInactiveInterval();
        return !idle.isNegative() && !session.getLastAccessedTime().plus(idle).isAfter(clock.instant());
    }

    private boolean expire(MapSession session) {
        // remove(key, value): only the caller that actually removes it publishes, once.
        if (sessions.remove(session.getId(), session)) {
            events.publishEvent(new SessionExpiredEvent(this, session));
            return true;
        }
        return false;
    }
}
