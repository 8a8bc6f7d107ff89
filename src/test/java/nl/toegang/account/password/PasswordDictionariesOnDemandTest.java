package nl.toegang.account.password;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The blocklist and zxcvbn's dictionaries are loaded on first use, once, and not at start-up. */
class PasswordDictionariesOnDemandTest {

    @Test
    void aNewServerHoldsNoDictionariesUntilAPasswordIsChecked() {
        var policies = new PasswordPolicies();
        assertThat(policies.dictionariesLoaded()).isFalse();

        PasswordVerdict verdict = policies.forRealm(null).check("password123456789", PasswordContext.productOnly());

        assertThat(verdict).isInstanceOf(PasswordVerdict.Rejected.class);
        assertThat(policies.dictionariesLoaded()).isTrue();
    }

    @Test
    void concurrentFirstUsersShareOneLoad() throws Exception {
        var loads = new AtomicInteger();
        var start = new CountDownLatch(1);
        var cached = new SoftlyCached<>(() -> {
            loads.incrementAndGet();
            sleepBriefly();
            return new Object();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cached.get();
                }));
            }
            start.countDown();
            Object first = results.get(0).get();
            for (Future<Object> result : results) {
                assertThat(result.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
        assertThat(cached.isHeld()).isTrue();
    }

    @Test
    void aFailedLoadIsTriedAgainByTheNextCaller() {
        var attempts = new AtomicInteger();
        var cached = new SoftlyCached<>(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("dictionary not readable");
            }
            return "loaded";
        });

        assertThatThrownBy(cached::get).hasMessageContaining("dictionary not readable");
        assertThat(cached.isHeld()).isFalse();
        assertThat(cached.get()).isEqualTo("loaded");
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
