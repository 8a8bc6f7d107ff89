package nl.toegang.oidc.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A per-realm cache with a fixed time to live ({@link Duration#ZERO} disables it). Invalidation wins over loads that
 * were already running: a value read before a change committed is never stored after that change's invalidation.
 */
final class RealmCache<V> {

    private record Entry<V>(V value, Instant expires) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    RealmCache(Duration ttl, Clock clock) {
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("cache ttl must be zero or positive");
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    V get(String realm, Supplier<V> loader) {
        if (ttl.isZero()) {
            return loader.get();
        }
        Instant now = clock.instant();
        Entry<V> cached = entries.get(realm);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.value();
        }
        long before = generation.get();
        V value = loader.get();
        Entry<V> entry = new Entry<>(value, now.plus(ttl));
        entries.put(realm, entry);
        if (generation.get() != before) {
            // invalidated while loading: the value may predate the change
            entries.remove(realm, entry);
        }
        return value;
    }

    void invalidate(String realm) {
        generation.incrementAndGet();
        entries.remove(realm);
    }

    void invalidateAll() {
        generation.incrementAndGet();
        entries.clear();
    }
}
