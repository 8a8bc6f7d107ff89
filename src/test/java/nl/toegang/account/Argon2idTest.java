package nl.toegang.account;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The pooled Argon2 hasher: same results as Spring's encoder, safe under concurrency, and it reuses its memory. */
class Argon2idTest {
    private static final int M = 8192;
    private final Argon2id argon2 = new Argon2id(M, 1, 1, 2, new SecureRandom());
    private final Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, M, 1);

    @Test
    void hashesAreInterchangeableWithSpringsArgon2Encoder() {
        String ours = argon2.hash("lantern orbit");
        assertThat(ours).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
        assertThat(spring.matches("lantern orbit", ours)).isTrue();
        assertThat(argon2.matches("lantern orbit", spring.encode("lantern orbit"))).isTrue();
        assertThat(argon2.matches("lantern orbiT", spring.encode("lantern orbit"))).isFalse();
    }

    @Test
    void theUnmatchableHashCostsAVerificationAndMatchesNothing() {
        String absent = argon2.unmatchableHash();
        assertThat(absent).startsWith("$argon2id$v=19$m=8192,t=1,p=1$").isNotEqualTo(argon2.unmatchableHash());
        var hasher = new PasswordHasher(new PasswordHashProperties(M, 1, 1, 64), new SecureRandom());
        assertThat(hasher.needsRehash(absent)).as("same parameters as a current hash, so the same work").isFalse();
        // It is verified for real (a well-formed PHC string), and neither the empty password nor the text of the
        // hash's own parts matches.
        for (String guess : List.of("", "pw", absent, absent.split("\\$")[4], absent.split("\\$")[5])) {
            assertThat(argon2.matches(guess, absent)).as(guess).isFalse();
        }
        assertThat(spring.matches("pw", absent)).isFalse();
    }

    @Test
    void hashesWithOtherParametersStillVerify() {
        String stronger = new Argon2PasswordEncoder(16, 32, 2, 16384, 2).encode("pw-1");
        assertThat(argon2.matches("pw-1", stronger)).isTrue();
        assertThat(argon2.matches("pw-2", stronger)).isFalse();
        String argon2i = "$argon2i$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThat(argon2.matches("pw-1", argon2i)).isFalse();
    }

    @Test
    void malformedOrTamperedHashesAreRefusedWithoutAnError() {
        String good = argon2.hash("pw");
        String[] parts = good.split("\\$");
        String otherSalt = good.replace(parts[4], parts[4].substring(1) + "A");
        for (String bad : List.of("", "$2a$10$abcdefghijklmnopqrstuv", "$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
                "$argon2id$v=19$m=8192,t=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=99$" + good.substring(15),
                "$argon2x$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=8192,t=1,p=1$!!$!!",
                otherSalt, good.substring(0, good.length() - 2))) {
            assertThat(argon2.matches("pw", bad)).as(bad).isFalse();
        }
        assertThat(argon2.matches("pw", null)).isFalse();
    }

    @Test
    void manyThreadsOnTwoWorkersGetEveryAnswerRight() throws Exception {
        String hash = argon2.hash("right");
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean right = i % 3 != 0;
                Callable<Boolean> check = () -> argon2.matches(right ? "right" : "wrong", hash) == right;
                results.add(pool.submit(check));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentHashesAreBoundedByCoresAndByAThirdOfTheHeap() {
        long mib = 1024 * 1024;
        assertThat(PasswordHasher.concurrency(2, 160 * mib, 19456)).isEqualTo(2);
        assertThat(PasswordHasher.concurrency(16, 160 * mib, 19456)).as("heap-bound").isEqualTo(2);
        assertThat(PasswordHasher.concurrency(16, 4096 * mib, 19456)).as("core-bound").isEqualTo(16);
        assertThat(PasswordHasher.concurrency(4, 32 * mib, 19456)).as("never zero").isEqualTo(1);
    }

    @Test
    void verificationReusesItsMemoryInsteadOfAllocatingTheMemoryCost() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        String hash = argon2.hash("pw");
        argon2.matches("pw", hash); // warm: the worker's pool is filled once
        argon2.matches("pw", hash);
        long before = threads.getThreadAllocatedBytes(id);
        assertThat(argon2.matches("pw", hash)).isTrue();
        long pooled = threads.getThreadAllocatedBytes(id) - before;

        before = threads.getThreadAllocatedBytes(id);
        assertThat(spring.matches("pw", hash)).isTrue();
        long unpooled = threads.getThreadAllocatedBytes(id) - before;

        assertThat(unpooled).as("Spring's encoder allocates the memory cost").isGreaterThan(M * 1024L);
        assertThat(pooled).as("allocated by one pooled verification").isLessThan(M * 1024L / 8);
    }
}
