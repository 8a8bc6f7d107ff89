package nl.toegang.session.memory;

import nl.toegang.session.SessionEndClaims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Claims for a single node; entries are forgotten after an hour, long after any duplicate notice could arrive. */
public class InMemorySessionEndClaims implements SessionEndClaims {
    private static final Duration KEEP = Duration.ofHours(1);

    private final Map<String, Instant> claimed = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemorySessionEndClaims(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean claim(String sessionId) {
        Instant now = clock.instant();
        claimed.values().removeIf(at -> at.plus(KEEP).isBefore(now));
        return claimed.putIfAbsent(sessionId, now) == null;
    }
}
