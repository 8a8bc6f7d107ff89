package nl.toegang.lockout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RateLimiter} adapter guarantees (in memory, Redis). Time is passed in, so windows are exact.
 * Keys are random per test, so adapters with a shared store need no cleanup between tests.
 */
abstract class RateLimiterContract {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    protected abstract RateLimiter limiter();

    static String key() {
        return "forgot-address:demo:" + UUID.randomUUID() + "@example.org";
    }

    @Test
    void whenLimitReachedThenRefusedUntilTheWindowHasPassed() {
        RateLimiter limiter = limiter();
        String key = key();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(key, 3, HOUR, T0.plusSeconds(i))).as("event %d", i).isTrue();
        }
        assertThat(limiter.tryAcquire(key, 3, HOUR, T0.plusSeconds(10))).as("fourth in the hour").isFalse();
        assertThat(limiter.tryAcquire(key, 3, HOUR, T0.plus(HOUR).minusMillis(1))).as("first event still in window")
                .isFalse();
        assertThat(limiter.tryAcquire(key, 3, HOUR, T0.plus(HOUR))).as("a window later the first event left").isTrue();
        assertThat(limiter.tryAcquire(key, 3, HOUR, T0.plus(HOUR).plusMillis(1))).as("window full again").isFalse();
    }

    @Test
    void whenRefusedThenTheRefusalDoesNotCount() {
        RateLimiter limiter = limiter();
        String key = key();
        assertThat(limiter.tryAcquire(key, 1, HOUR, T0)).isTrue();
        for (int i = 1; i <= 5; i++) {
            assertThat(limiter.tryAcquire(key, 1, HOUR, T0.plus(Duration.ofMinutes(10 * i)))).isFalse();
        }
        assertThat(limiter.tryAcquire(key, 1, HOUR, T0.plus(HOUR).plusSeconds(1)))
                .as("only the accepted event fills the window").isTrue();
    }

    @Test
    void keysAndWindowsAreIndependent() {
        RateLimiter limiter = limiter();
        String a = key();
        String b = key();
        assertThat(limiter.tryAcquire(a, 1, HOUR, T0)).isTrue();
        assertThat(limiter.tryAcquire(a, 1, HOUR, T0)).isFalse();
        assertThat(limiter.tryAcquire(b, 1, HOUR, T0)).as("another key").isTrue();
        assertThat(limiter.tryAcquire(a + ":minute", 1, Duration.ofMinutes(1), T0)).as("another window").isTrue();
    }

    @Test
    void whenManyRaceForTheLastEventsThenExactlyTheLimitWins() throws Exception {
        RateLimiter limiter = limiter();
        String key = key();
        var pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            attempts.add(pool.submit(() -> {
                go.await();
                return limiter.tryAcquire(key, 5, HOUR, T0);
            }));
        }
        go.countDown();
        int accepted = 0;
        for (Future<Boolean> attempt : attempts) {
            accepted += attempt.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(5);
    }

    @Test
    void aZeroLimitRefusesEverything() {
        assertThat(limiter().tryAcquire(key(), 0, HOUR, T0)).isFalse();
    }
}
