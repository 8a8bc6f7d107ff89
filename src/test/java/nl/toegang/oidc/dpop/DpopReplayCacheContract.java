package nl.toegang.oidc.dpop;

import nl.toegang.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link DpopReplayCache} adapter must do. Subclasses give a cache and a second one standing for another
 * node sharing the same store: a proof used on one node must be refused on the other.
 */
abstract class DpopReplayCacheContract {
    protected final MutableClock clock = new MutableClock(Instant.now());

    protected abstract DpopReplayCache cache();

    protected abstract DpopReplayCache cacheOnAnotherNode();

    private Instant until() {
        return clock.instant().plus(Duration.ofSeconds(70));
    }

    @Test
    void firstUseIsAcceptedAndAReplayIsRefused() {
        assertThat(cache().markUsed("proof-1", until())).isTrue();
        assertThat(cache().markUsed("proof-1", until())).isFalse();
        assertThat(cache().markUsed("proof-2", until())).isTrue();
    }

    @Test
    void aProofUsedOnOneNodeIsRefusedOnAnother() {
        assertThat(cache().markUsed("shared", until())).isTrue();
        assertThat(cacheOnAnotherNode().markUsed("shared", until())).isFalse();
    }

    @Test
    void whenEightRequestsRaceWithOneProofThenExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                DpopReplayCache node = i % 2 == 0 ? cache() : cacheOnAnotherNode();
                Callable<Boolean> use = () -> {
                    start.await();
                    return node.markUsed("raced", until());
                };
                results.add(pool.submit(use));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Boolean> result : results) {
                accepted += result.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
