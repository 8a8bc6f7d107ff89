package nl.toegang.lockout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sliding-window rate limiter in memory, for the embedded default. Bounded: the least recently used keys are
 * forgotten first, which can only make the limiter more lenient, never lock anyone out.
 */
public class InMemoryRateLimiter implements RateLimiter {
    private final int maxKeys;
    private final Map<String, Deque<Instant>> events;

    public InMemoryRateLimiter(int maxKeys) {
        this.maxKeys = maxKeys;
        this.events = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > InMemoryRateLimiter.this.maxKeys;
            }
        };
    }

    @Override
    public synchronized boolean tryAcquire(String key, int limit, Duration window, Instant now) {
        Deque<Instant> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            return false;
        }
        times.addLast(now);
        return true;
    }
}
