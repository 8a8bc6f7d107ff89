package nl.toegang.session.memory;

import org.springframework.session.MapSession;
import org.springframework.session.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A request's copy of an in-memory session that remembers which attributes the request set or removed, so that
 * {@link InMemoryIndexedSessionRepository#save} writes only those, as the Redis store does. Without this, two
 * requests of one browser at the same time (the login page's passkey script and the next navigation) would each
 * write back their whole copy, and the later one would undo the other's changes (a saved authorization request).
 */
public final class TrackedSession implements Session {
    private final MapSession delegate;
    private final boolean isNew;
    private final Set<String> changed = new HashSet<>();

    TrackedSession(MapSession delegate, boolean isNew) {
        this.delegate = delegate;
        this.isNew = isNew;
    }

    MapSession snapshot() {
        return new MapSession(delegate);
    }

    boolean isNew() {
        return isNew;
    }

    Set<String> changedAttributes() {
        return Set.copyOf(changed);
    }

    String originalId() {
        return delegate.getOriginalId();
    }

    @Override
    public String getId() {
        return delegate.getId();
    }

    @Override
    public String changeSessionId() {
        return delegate.changeSessionId();
    }

    @Override
    public <T> T getAttribute(String attributeName) {
        return delegate.getAttribute(attributeName);
    }

    @Override
    public Set<String> getAttributeNames() {
        return delegate.getAttributeNames();
    }

    @Override
    public void setAttribute(String attributeName, Object attributeValue) {
        delegate.setAttribute(attributeName, attributeValue);
        changed.add(attributeName);
    }

    @Override
    public void removeAttribute(String attributeName) {
        delegate.removeAttribute(attributeName);
        changed.add(attributeName);
    }

    @Override
    public Instant getCreationTime() {
        return delegate.getCreationTime();
    }

    @Override
    public void setLastAccessedTime(Instant lastAccessedTime) {
        delegate.setLastAccessedTime(lastAccessedTime);
    }

    @Override
    public Instant getLastAccessedTime() {
        return delegate.getLastAccessedTime();
    }

    @Override
    public void setMaxInactiveInterval(Duration interval) {
        delegate.setMaxInactiveInterval(interval);
    }

    @Override
    public Duration getMaxInactiveInterval() {
        return delegate.getMaxInactiveInterval();
    }

    @Override
    public boolean isExpired() {
        return delegate.isExpired();
    }
}
