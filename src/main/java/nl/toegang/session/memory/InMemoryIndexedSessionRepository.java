package nl.toegang.session.memory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.PrincipalNameIndexResolver;
import org.springframework.session.Session;
import org.springframework.session.events.SessionExpiredEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions of one node, in memory, findable by principal name (Spring Session's own {@code MapSessionRepository} has
 * no index). Expired sessions are removed when found and by {@link #removeExpired()}, each with a
 * {@link SessionExpiredEvent}, as the Redis store does; expiry is judged by the injected clock, so tests can move
 * time.
 */
public class InMemoryIndexedSessionRepository implements FindByIndexNameSessionRepository<MapSession> {
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
    public MapSession createSession() {
        MapSession session = new MapSession();
        session.setCreationTime(clock.instant());
        session.setLastAccessedTime(clock.instant());
        session.setMaxInactiveInterval(defaultMaxInactiveInterval);
        return session;
    }

    @Override
    public void save(MapSession session) {
        if (!session.getId().equals(session.getOriginalId())) {
            sessions.remove(session.getOriginalId());
        }
        // A copy, so later changes to the request's session object are only stored by the next save. A session is
        // saved after each request that used it; the filter stamped that access with the system clock, the store
        // judges expiry with the injected one.
        MapSession copy = new MapSession(session);
        copy.setLastAccessedTime(clock.instant());
        sessions.put(session.getId(), copy);
    }

    @Override
    public MapSession findById(String id) {
        MapSession stored = sessions.get(id);
        if (stored == null) {
            return null;
        }
        if (expired(stored)) {
            expire(stored);
            return null;
        }
        return new MapSession(stored);
    }

    @Override
    public void deleteById(String id) {
        sessions.remove(id);
    }

    @Override
    public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        if (!PRINCIPAL_NAME_INDEX_NAME.equals(indexName)) {
            return Map.of();
        }
        Map<String, MapSession> found = new HashMap<>();
        for (MapSession session : sessions.values()) {
            if (!expired(session) && indexValue.equals(principals.resolveIndexValueFor(session))) {
                found.put(session.getId(), new MapSession(session));
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
