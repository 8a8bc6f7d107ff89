package nl.toegang.mfa.recovery;

import nl.toegang.crypto.KeyedHash;
import nl.toegang.crypto.MasterKey;
import nl.toegang.mfa.DatabaseContract;
import nl.toegang.mfa.recovery.jdbc.JdbcRecoveryCodeRepository;
import nl.toegang.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery codes through {@link RecoveryCodes} on {@link JdbcRecoveryCodeRepository}; subclasses give the database.
 * Uses the minimum PBKDF2 cost, which is still the real algorithm.
 */
public abstract class RecoveryCodesContract extends DatabaseContract {

    private static final String REALM = "demo";
    private static final String ALICE = "7f3a0d52-5b7e-4a2c-9f3e-2b1c0a9d8e71";
    private static final String BOB = "0b9c6f1e-3d2a-4c5b-8e7f-6a5b4c3d2e1f";

    private MutableClock clock;
    private RecoveryCodes codes;

    @BeforeEach
    void newService() {
        clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
        SecureRandom random = new SecureRandom();
        MasterKey masterKey = MasterKey.fromBase64(Base64.getEncoder().encodeToString(random.generateSeed(32)));
        codes = new RecoveryCodes(new JdbcRecoveryCodeRepository(jdbc, tx),
                new RecoveryCodeHasher(random, RecoveryCodeHasher.MIN_ITERATIONS),
                KeyedHash.derivedFrom(masterKey, "recovery-code-lookup"), random, clock);
    }

    @Test
    void generatesTenUniqueCodes() {
        List<String> set = codes.generate(REALM, ALICE);

        assertThat(set).hasSize(10).doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}"));
        assertThat(codes.remaining(REALM, ALICE)).isEqualTo(10);
    }

    @Test
    void aCodeWorksOnce() {
        List<String> set = codes.generate(REALM, ALICE);

        assertThat(codes.use(REALM, ALICE, set.get(3), clock.instant())).isTrue();
        assertThat(codes.use(REALM, ALICE, set.get(3), clock.instant())).isFalse();
        assertThat(codes.remaining(REALM, ALICE)).isEqualTo(9);
        assertThat(codes.use(REALM, ALICE, set.get(4), clock.instant())).isTrue();
        assertThat(codes.remaining(REALM, ALICE)).isEqualTo(8);
    }

    @Test
    void typedVariantsOfTheCodeAreAccepted() {
        List<String> set = codes.generate(REALM, ALICE);

        assertThat(codes.use(REALM, ALICE, set.get(0).toUpperCase(), clock.instant())).isTrue();
        assertThat(codes.use(REALM, ALICE, " " + set.get(1).replace("-", " ") + " ", clock.instant())).isTrue();
        assertThat(codes.use(REALM, ALICE, set.get(2).replace("-", ""), clock.instant())).isTrue();
    }

    @Test
    void wrongAndMalformedCodesAreRejected() {
        List<String> set = codes.generate(REALM, ALICE);
        String code = set.get(0);
        char last = code.charAt(code.length() - 1);
        String oneOff = code.substring(0, code.length() - 1) + (last == 'z' ? 'y' : 'z');

        assertThat(codes.use(REALM, ALICE, oneOff, clock.instant())).isFalse();
        assertThat(codes.use(REALM, ALICE, "not a code", clock.instant())).isFalse();
        assertThat(codes.use(REALM, ALICE, "", clock.instant())).isFalse();
        assertThat(codes.use(REALM, ALICE, null, clock.instant())).isFalse();
        assertThat(codes.remaining(REALM, ALICE)).isEqualTo(10);
    }

    @Test
    void regeneratingInvalidatesTheOldSet() {
        List<String> old = codes.generate(REALM, ALICE);
        codes.use(REALM, ALICE, old.get(0), clock.instant());

        List<String> fresh = codes.generate(REALM, ALICE);

        assertThat(fresh).doesNotContainAnyElementsOf(old);
        for (String code : old) {
            assertThat(codes.use(REALM, ALICE, code, clock.instant())).as(code).isFalse();
        }
        assertThat(codes.remaining(REALM, ALICE)).isEqualTo(10);
        assertThat(codes.use(REALM, ALICE, fresh.get(9), clock.instant())).isTrue();
    }

    @Test
    void codesBelongToOneAccountInOneRealm() {
        List<String> alice = codes.generate(REALM, ALICE);
        codes.generate(REALM, BOB);

        assertThat(codes.use(REALM, BOB, alice.get(0), clock.instant())).isFalse();
        assertThat(codes.use("other", ALICE, alice.get(0), clock.instant())).isFalse();
        assertThat(codes.remaining(REALM, ALICE)).isEqualTo(10);
        assertThat(codes.remaining(REALM, BOB)).isEqualTo(10);
    }

    @Test
    void removeAllLeavesNoCodes() {
        List<String> set = codes.generate(REALM, ALICE);

        codes.removeAll(REALM, ALICE);

        assertThat(codes.remaining(REALM, ALICE)).isZero();
        assertThat(codes.use(REALM, ALICE, set.get(0), clock.instant())).isFalse();
    }

    @Test
    void storedRowsHoldASaltedSlowHashAndAShortLookupNotTheCode() {
        List<String> set = codes.generate(REALM, ALICE);

        List<String> rows = jdbc.sql("select lookup || ' ' || code_hash from mfa_recovery_code")
                .query(String.class).list();
        assertThat(rows).hasSize(10);
        for (String code : set) {
            String normalised = RecoveryCodeFormat.normalise(code);
            assertThat(rows).allSatisfy(row -> assertThat(row)
                    .doesNotContainIgnoringCase(code).doesNotContainIgnoringCase(normalised));
        }
        List<String> hashes = jdbc.sql("select code_hash from mfa_recovery_code").query(String.class).list();
        assertThat(hashes).allSatisfy(h -> assertThat(h).startsWith("pbkdf2-sha256$100000$"));
        // per-code salt: no two salts (third field) are equal
        assertThat(hashes.stream().map(h -> h.split("\\$")[2]).distinct().count()).isEqualTo(10);
        assertThat(jdbc.sql("select lookup from mfa_recovery_code").query(String.class).list())
                .allSatisfy(lookup -> assertThat(lookup).hasSize(4));
    }

    @Test
    void usedAtIsRecorded() {
        List<String> set = codes.generate(REALM, ALICE);
        clock.advance(Duration.ofHours(1));

        codes.use(REALM, ALICE, set.get(0), clock.instant());

        assertThat(jdbc.sql("select count(*) from mfa_recovery_code where used_at is not null")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void concurrentUseOfOneCodeSucceedsExactlyOnce() throws Exception {
        String code = codes.generate(REALM, ALICE).get(0);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> attempt = () -> {
                    start.await();
                    return codes.use(REALM, ALICE, code, clock.instant());
                };
                results.add(pool.submit(attempt));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Boolean> result : results) {
                accepted += result.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
            assertThat(codes.remaining(REALM, ALICE)).isEqualTo(9);
        } finally {
            pool.shutdownNow();
        }
    }
}
