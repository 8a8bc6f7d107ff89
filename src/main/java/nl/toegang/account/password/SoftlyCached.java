package nl.toegang.account.password;

import java.lang.ref.SoftReference;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use and kept while the heap has room: the garbage collector may drop it when memory runs
 * short, and the next use builds it again. For large read-only data that only some requests need, so a node that
 * serves nothing but logins never holds it.
 */
final class SoftlyCached<T> {
    private final Supplier<T> loader;
    private SoftReference<T> held = new SoftReference<>(null);

    SoftlyCached(Supplier<T> loader) {
        this.loader = Objects.requireNonNull(loader);
    }

    /** The value; the first caller (and the first after the collector dropped it) builds it, others wait. */
    synchronized T get() {
        T value = held.get();
        if (value == null) {
            value = Objects.requireNonNull(loader.get(), "loader returned null");
            held = new SoftReference<>(value);
        }
        return value;
    }

    /** Whether the value is built and still held (for tests and metrics). */
    synchronized boolean isHeld() {
        return held.get() != null;
    }
}
