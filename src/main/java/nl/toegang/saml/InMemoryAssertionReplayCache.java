package nl.toegang.saml;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Single-node replay cache. Entries expire at their {@code until}; the size is bounded. When full of unexpired
 * entries it fails closed (refuses), because evicting a live entry would re-open a replay window.
 */
public final class InMemoryAssertionReplayCache implements AssertionReplayCache {
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Instant> used = new HashMap<>();

    public InMemoryAssertionReplayCache(Clock clock, int maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized boolean markUsed(String assertionId, Instant until) {
        Instant now = clock.instant();
        Instant previous = used.get(assertionId);
        if (previous != null && previous.isAfter(now)) {
            return false;
        }
        if (previous == null && used.size() >= maxEntries) {
            purgeExpired(now);
            if (used.size() >= maxEntries) {
                return false;
            }
        }
        used.put(assertionId, until);
        return true;
    }

    synchronized int size() {
        return used.size();
    }

    private void purgeExpired(Instant now) {
        for (Iterator<Instant> it = used.values().iterator(); it.hasNext(); ) {
            if (!it.next().isAfter(now)) {
                it.remove();
            }
        }
    }
}
