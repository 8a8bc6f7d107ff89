package nl.toegang.lockout;

/**
 * Sliding-window rate from two fixed buckets: the previous bucket's count weighted by how much of it still overlaps
 * the window, plus the current bucket. Two counters per realm instead of one entry per failure.
 */
final class SlidingRate {

    private SlidingRate() {
    }

    static long bucket(long nowMillis, long windowMillis) {
        return Math.floorDiv(nowMillis, windowMillis);
    }

    static long estimate(long current, long previous, long nowMillis, long windowMillis) {
        long elapsed = Math.floorMod(nowMillis, windowMillis);
        return current + previous * (windowMillis - elapsed) / windowMillis;
    }
}
