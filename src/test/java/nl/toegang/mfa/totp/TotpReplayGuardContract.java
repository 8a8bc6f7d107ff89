package nl.toegang.mfa.totp;

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
 * Behaviour every {@link TotpReplayGuard} must show. Subclasses give a guard, and a second guard that stands for
 * another node of the same cluster (sharing state with the first).
 */
public abstract class TotpReplayGuardContract {

    protected static final String REALM = "demo";
    protected static final long STEP = 59_000_000L;

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));

    protected abstract TotpReplayGuard guard();

    protected abstract TotpReplayGuard guardOnAnotherNode();

    protected Instant expiry() {
        return clock.instant().plus(Duration.ofSeconds(90));
    }

    @Test
    void firstUseOfAStepIsAccepted() {
        assertThat(guard().markUsed(REALM, "alice", STEP, expiry())).isTrue();
    }

    @Test
    void replayInTheSameStepIsRejected() {
        TotpReplayGuard guard = guard();
        guard.markUsed(REALM, "alice", STEP, expiry());

        assertThat(guard.markUsed(REALM, "alice", STEP, expiry())).isFalse();
    }

    @Test
    void olderStepAfterANewerOneIsRejected() {
        TotpReplayGuard guard = guard();
        assertThat(guard.markUsed(REALM, "alice", STEP + 1, expiry())).isTrue();

        assertThat(guard.markUsed(REALM, "alice", STEP, expiry())).isFalse();
        assertThat(guard.markUsed(REALM, "alice", STEP + 1, expiry())).isFalse();
    }

    @Test
    void laterStepIsAccepted() {
        TotpReplayGuard guard = guard();
        guard.markUsed(REALM, "alice", STEP, expiry());

        assertThat(guard.markUsed(REALM, "alice", STEP + 1, expiry())).isTrue();
        assertThat(guard.markUsed(REALM, "alice", STEP + 5, expiry())).isTrue();
    }

    @Test
    void accountsAndRealmsAreIndependent() {
        TotpReplayGuard guard = guard();
        guard.markUsed(REALM, "alice", STEP, expiry());

        assertThat(guard.markUsed(REALM, "bob", STEP, expiry())).isTrue();
        assertThat(guard.markUsed("other", "alice", STEP, expiry())).isTrue();
    }

    @Test
    void separatorsInNamesDoNotMakeAccountsCollide() {
        TotpReplayGuard guard = guard();
        guard.markUsed("a:b", "c", STEP, expiry());

        assertThat(guard.markUsed("a", "b:c", STEP, expiry())).isTrue();
        assertThat(guard.markUsed("x}", "{y", STEP, expiry())).isTrue();
        assertThat(guard.markUsed("x}", "{y", STEP, expiry())).isFalse();
    }

    @Test
    void replayOnAnotherNodeIsRejected() {
        assertThat(guard().markUsed(REALM, "alice", STEP + 1, expiry())).isTrue();

        TotpReplayGuard otherNode = guardOnAnotherNode();
        assertThat(otherNode.markUsed(REALM, "alice", STEP + 1, expiry())).isFalse();
        assertThat(otherNode.markUsed(REALM, "alice", STEP, expiry())).isFalse();
    }

    @Test
    void concurrentUsesOfOneStepAcrossNodesSucceedExactlyOnce() throws Exception {
        List<TotpReplayGuard> nodes = List.of(guard(), guardOnAnotherNode());
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                TotpReplayGuard node = nodes.get(i % nodes.size());
                Callable<Boolean> attempt = () -> {
                    start.await();
                    return node.markUsed(REALM, "race", STEP, expiry());
                };
                results.add(pool.submit(attempt));
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
