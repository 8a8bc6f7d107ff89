package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import nl.toegang.lockout.Decision.Allowed;
import nl.toegang.lockout.Decision.Delayed;
import nl.toegang.lockout.Decision.IpBlocked;
import nl.toegang.lockout.Decision.PasswordDisabled;
import nl.toegang.lockout.Decision.TemporarilyLocked;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behaviour every {@link ThrottleStore} must show, checked through {@link LoginThrottle} and the store itself.
 * Subclasses supply the store; each call to {@link #newStore} must return an empty, isolated store.
 */
abstract class ThrottleStoreContract {

    static final String REALM = "burgers";
    static final String OTHER_REALM = "ambtenaren";

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-07T10:00:00Z"));

    protected abstract ThrottleStore newStore(LockoutPolicy policy);

    static String account() {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    static String ip() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    Instant now() {
        return clock.instant();
    }

    /** Fails as soon as the throttle allows, waiting out delays, until a failure starts a lockout. */
    static int failUntilLocked(LoginThrottle throttle, ThrottleKey key, String ip, MutableClock clock) {
        for (int failures = 1; failures <= 1000; failures++) {
            Decision d = throttle.check(key, ip);
            if (d instanceof Delayed delayed) {
                clock.advance(delayed.retryIn());
            }
            assertThat(throttle.check(key, ip)).isInstanceOf(Allowed.class);
            FailureResult r = throttle.onFailure(key, ip);
            if (r.newLockout()) {
                return failures;
            }
            assertThat(r.decision()).isNotInstanceOf(TemporarilyLocked.class);
        }
        throw new AssertionError("never locked");
    }

    @Test
    void delaysStartAfterFreeFailuresAndGrowToTheCap() {
        LockoutPolicy policy = LockoutPolicy.defaults();
        LoginThrottle throttle = new LoginThrottle(newStore(policy), policy, clock);
        ThrottleKey key = ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD);
        String ip = ip();

        for (int i = 0; i < 3; i++) {
            assertThat(throttle.onFailure(key, ip).decision()).isEqualTo(Decision.ALLOWED);
        }
        List<Duration> seen = new ArrayList<>();
        for (int i = 4; i <= 9; i++) {
            FailureResult r = throttle.onFailure(key, ip);
            Duration delay = ((Delayed) r.decision()).retryIn();
            seen.add(delay);
            assertThat(throttle.check(key, ip)).isEqualTo(new Delayed(delay));
            clock.advance(delay.minusMillis(1));
            assertThat(throttle.check(key, ip)).isEqualTo(new Delayed(Duration.ofMillis(1)));
            clock.advance(Duration.ofMillis(1));
            assertThat(throttle.check(key, ip)).isEqualTo(Decision.ALLOWED);
        }
        assertThat(seen).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30));
    }

    @Test
    void temporaryLockoutsComeWithGrowingWaits() {
        LockoutPolicy policy = LockoutPolicy.defaults();
        LoginThrottle throttle = new LoginThrottle(newStore(policy), policy, clock);
        ThrottleKey key = ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD);
        String ip = ip();

        assertThat(failUntilLocked(throttle, key, ip, clock)).isEqualTo(10);
        Instant until = now().plus(Duration.ofMinutes(5));
        assertThat(throttle.check(key, ip)).isEqualTo(new TemporarilyLocked(until));
        clock.advance(Duration.ofMinutes(5));

        assertThat(failUntilLocked(throttle, key, ip, clock)).isEqualTo(10);
        assertThat(throttle.check(key, ip)).isEqualTo(new TemporarilyLocked(now().plus(Duration.ofMinutes(15))));
        clock.advance(Duration.ofMinutes(15));

        assertThat(failUntilLocked(throttle, key, ip, clock)).isEqualTo(10);
        assertThat(throttle.check(key, ip)).isEqualTo(new TemporarilyLocked(now().plus(Duration.ofHours(1))));
    }

    @Test
    void lastLockoutWaitRepeatsAsTheCap() {
        LockoutPolicy policy = LockoutPolicy.builder().failuresBeforeLockout(2)
                .lockoutWaits(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2))).build();
        ThrottleStore store = newStore(policy);
        ThrottleKey key = ThrottleKey.untrusted(REALM, account(), Authenticator.TOTP);
        List<Integer> lockouts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            store.recordFailure(key, now());
            RecordedFailure r = store.recordFailure(key, now());
            assertThat(r.newLockout()).isTrue();
            lockouts.add(r.state().lockoutCount());
            assertThat(r.state().lockedUntil()).isEqualTo(now().plus(i == 0 ? Duration.ofMinutes(1) : Duration.ofMinutes(2)));
            clock.advance(Duration.between(now(), r.state().lockedUntil()));
        }
        assertThat(lockouts).containsExactly(1, 2, 3, 4);
    }

    @Test
    void failuresWhileLockedCountTowardTheCapButNotTheNextLockout() {
        LockoutPolicy policy = LockoutPolicy.defaults();
        ThrottleStore store = newStore(policy);
        ThrottleKey key = ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD);
        for (int i = 0; i < 25; i++) {
            store.recordFailure(key, now());
        }
        FailureState state = store.state(key, now());
        assertThat(state.consecutiveFailures()).isEqualTo(25);
        assertThat(state.lockoutCount()).isEqualTo(1);
        assertThat(state.failuresSinceLockout()).isZero();
    }

    @Test
    void permanentDisableAtTheCap() {
        LockoutPolicy policy = LockoutPolicy.defaults();
        ThrottleStore store = newStore(policy);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        ThrottleKey key = ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD);
        String ip = ip();

        int disabledAt = 0;
        for (int i = 1; i <= 120; i++) {
            // a real attacker must wait out every lockout; the store counts regardless
            RecordedFailure r = store.recordFailure(key, now());
            if (r.newlyDisabled()) {
                assertThat(disabledAt).isZero();
                disabledAt = i;
            }
            clock.advance(Duration.ofDays(1));
        }
        assertThat(disabledAt).isEqualTo(100);
        assertThat(throttle.check(key, ip)).isInstanceOf(PasswordDisabled.class);
        clock.advance(Duration.ofDays(30));
        assertThat(throttle.check(key, ip)).as("disable outlives the counter ttl").isInstanceOf(PasswordDisabled.class);

        throttle.onSuccess(key);
        assertThat(throttle.check(key, ip)).as("only unlock clears a disable").isInstanceOf(PasswordDisabled.class);
    }

    @Test
    void unlockClearsEveryBudgetAndTheDisable() {
        LockoutPolicy policy = LockoutPolicy.builder().permanentDisableAt(5).build();
        ThrottleStore store = newStore(policy);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        String account = account();
        ThrottleKey untrusted = ThrottleKey.untrusted(REALM, account, Authenticator.PASSWORD);
        ThrottleKey device = ThrottleKey.trustedDevice(REALM, account, Authenticator.PASSWORD, "dev-1");
        ThrottleKey totp = ThrottleKey.untrusted(REALM, account, Authenticator.TOTP);
        String ip = ip();
        for (int i = 0; i < 5; i++) {
            throttle.onFailure(untrusted, ip);
            throttle.onFailure(device, ip);
            throttle.onFailure(totp, ip);
        }
        assertThat(throttle.check(untrusted, ip)).isInstanceOf(PasswordDisabled.class);
        assertThat(throttle.check(device, ip)).isInstanceOf(PasswordDisabled.class);

        throttle.unlock(REALM, account);

        for (ThrottleKey key : List.of(untrusted, device, totp)) {
            assertThat(store.state(key, now())).isEqualTo(FailureState.NONE);
            assertThat(throttle.check(key, ip)).isEqualTo(Decision.ALLOWED);
        }
    }

    @Test
    void successResetsOnlyItsOwnBudget() {
        LockoutPolicy policy = LockoutPolicy.defaults();
        ThrottleStore store = newStore(policy);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        String account = account();
        ThrottleKey untrusted = ThrottleKey.untrusted(REALM, account, Authenticator.PASSWORD);
        ThrottleKey device = ThrottleKey.trustedDevice(REALM, account, Authenticator.PASSWORD, "dev-1");
        ThrottleKey otherDevice = ThrottleKey.trustedDevice(REALM, account, Authenticator.PASSWORD, "dev-2");
        ThrottleKey totp = ThrottleKey.untrusted(REALM, account, Authenticator.TOTP);
        String ip = ip();
        for (int i = 0; i < 5; i++) {
            store.recordFailure(untrusted, now());
            store.recordFailure(device, now());
            store.recordFailure(otherDevice, now());
        }
        store.recordFailure(totp, now());

        throttle.onSuccess(device);

        assertThat(store.state(device, now())).isEqualTo(FailureState.NONE);
        assertThat(throttle.check(device, ip)).isEqualTo(Decision.ALLOWED);
        assertThat(store.state(otherDevice, now()).consecutiveFailures()).isEqualTo(5);
        assertThat(store.state(untrusted, now()).consecutiveFailures()).isEqualTo(5);
        assertThat(store.state(totp, now()).consecutiveFailures()).isEqualTo(1);
        assertThat(throttle.check(untrusted, ip)).isInstanceOf(Delayed.class);

        throttle.onSuccess(untrusted);
        assertThat(store.state(untrusted, now())).isEqualTo(FailureState.NONE);
        assertThat(store.state(totp, now()).consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void untrustedFailuresNeverLockATrustedDevice() {
        // the DoS case: an attacker without the device cookie hammers the account from one IP
        LockoutPolicy policy = LockoutPolicy.builder().realmSpikeFailures(50).build();
        ThrottleStore store = newStore(policy);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        String account = account();
        ThrottleKey attacker = ThrottleKey.untrusted(REALM, account, Authenticator.PASSWORD);
        ThrottleKey user = ThrottleKey.trustedDevice(REALM, account, Authenticator.PASSWORD, "laptop");
        String sharedIp = ip();

        int lockouts = 0;
        for (int i = 0; i < 150; i++) {
            FailureResult r = throttle.onFailure(attacker, sharedIp);
            lockouts += r.newLockout() ? 1 : 0;
        }
        assertThat(lockouts).isEqualTo(1);
        assertThat(throttle.check(attacker, sharedIp)).isInstanceOf(PasswordDisabled.class);
        assertThat(throttle.check(attacker, ip())).isInstanceOf(PasswordDisabled.class);
        assertThat(store.ipState(REALM, IpBucket.of(sharedIp), now()).blockedAt(now())).isTrue();
        assertThat(store.realmFailureRate(REALM, now())).isGreaterThanOrEqualTo(150);

        // same NAT address, spike in the realm, disabled untrusted budget: the trusted device still gets in
        assertThat(throttle.check(user, sharedIp)).isEqualTo(Decision.ALLOWED);
        assertThat(store.state(user, now())).isEqualTo(FailureState.NONE);
        throttle.onSuccess(user);
        assertThat(throttle.check(attacker, ip())).isInstanceOf(PasswordDisabled.class);
    }

    @Test
    void trustedDeviceFailuresLockOnlyThatDevice() {
        LockoutPolicy policy = LockoutPolicy.defaults();
        LoginThrottle throttle = new LoginThrottle(newStore(policy), policy, clock);
        String account = account();
        ThrottleKey laptop = ThrottleKey.trustedDevice(REALM, account, Authenticator.PASSWORD, "laptop");
        ThrottleKey phone = ThrottleKey.trustedDevice(REALM, account, Authenticator.PASSWORD, "phone");
        ThrottleKey untrusted = ThrottleKey.untrusted(REALM, account, Authenticator.PASSWORD);
        String ip = ip();

        assertThat(failUntilLocked(throttle, laptop, ip, clock)).isEqualTo(10);
        assertThat(throttle.check(laptop, ip)).isInstanceOf(TemporarilyLocked.class);
        assertThat(throttle.check(phone, ip)).isEqualTo(Decision.ALLOWED);
        assertThat(throttle.check(untrusted, ip)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void ipWindowCountsFailuresAndSlidesWithTheClock() {
        LockoutPolicy policy = LockoutPolicy.builder().ipMaxFailures(5).build();
        ThrottleStore store = newStore(policy);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        String ip = ip();
        String account = account();
        ThrottleKey key = ThrottleKey.untrusted(REALM, account, Authenticator.PASSWORD);
        Instant start = now();

        for (int i = 0; i < 3; i++) {
            throttle.onFailure(key, ip);
        }
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.onFailure(key, ip).decision()).isNotInstanceOf(IpBlocked.class);
        IpState before = store.ipState(REALM, IpBucket.of(ip), now());
        assertThat(before.failuresInWindow()).isEqualTo(4);
        assertThat(before.distinctAccountsInWindow()).isEqualTo(1);

        FailureResult fifth = throttle.onFailure(key, ip);
        Instant retryAfter = start.plus(Duration.ofMinutes(10));
        assertThat(fifth.decision()).isEqualTo(new IpBlocked(retryAfter));
        ThrottleKey fresh = ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD);
        assertThat(throttle.check(fresh, ip)).isEqualTo(new IpBlocked(retryAfter));
        assertThat(throttle.check(fresh, ip())).as("other IPs unaffected").isEqualTo(Decision.ALLOWED);

        clock.advance(Duration.between(now(), retryAfter).minusMillis(1));
        assertThat(throttle.check(fresh, ip)).isInstanceOf(IpBlocked.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.check(fresh, ip)).isEqualTo(Decision.ALLOWED);
        assertThat(store.ipState(REALM, IpBucket.of(ip), now()).failuresInWindow()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(6));
        assertThat(store.ipState(REALM, IpBucket.of(ip), now()).failuresInWindow()).isZero();
    }

    @Test
    void ipWindowCountsDistinctAccounts() {
        LockoutPolicy policy = LockoutPolicy.builder().ipMaxAccounts(3).build();
        ThrottleStore store = newStore(policy);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        String ip = ip();
        Instant start = now();
        String first = account();

        throttle.onFailure(ThrottleKey.untrusted(REALM, first, Authenticator.PASSWORD), ip);
        clock.advance(Duration.ofMinutes(1));
        String second = account();
        throttle.onFailure(ThrottleKey.untrusted(REALM, second, Authenticator.PASSWORD), ip);
        // repeats of a known account do not add to the distinct count
        throttle.onFailure(ThrottleKey.untrusted(REALM, second, Authenticator.PASSWORD), ip);
        assertThat(store.ipState(REALM, IpBucket.of(ip), now()).distinctAccountsInWindow()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        FailureResult third = throttle.onFailure(ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD), ip);
        assertThat(third.decision()).isEqualTo(new IpBlocked(start.plus(Duration.ofMinutes(10))));
        IpState state = store.ipState(REALM, IpBucket.of(ip), now());
        assertThat(state.distinctAccountsInWindow()).isEqualTo(3);
        assertThat(state.failuresInWindow()).isEqualTo(4);

        clock.advance(Duration.ofMinutes(8));
        assertThat(store.ipState(REALM, IpBucket.of(ip), now()).distinctAccountsInWindow()).isEqualTo(2);
        assertThat(throttle.check(ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD), ip))
                .isEqualTo(Decision.ALLOWED);
    }

    @Test
    void ipv6AddressesCountPerSlash64() {
        LockoutPolicy policy = LockoutPolicy.builder().ipMaxFailures(2).build();
        LoginThrottle throttle = new LoginThrottle(newStore(policy), policy, clock);
        ThrottleKey key = ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD);
        throttle.onFailure(key, "2001:db8:1:2::1");
        throttle.onFailure(key, "2001:db8:1:2:ffff::7");
        assertThat(throttle.check(key, "2001:db8:1:2:aaaa::1")).isInstanceOf(IpBlocked.class);
        assertThat(throttle.check(key, "2001:db8:1:3::1")).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void realmSpikeDelaysUntrustedBrowsersOnly() {
        LockoutPolicy policy = LockoutPolicy.builder().realmSpikeFailures(20).build();
        ThrottleStore store = newStore(policy);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        // credential stuffing: one try per account, each from another address
        for (int i = 0; i < 40; i++) {
            throttle.onFailure(ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD), ip());
        }
        assertThat(store.realmFailureRate(REALM, now())).isEqualTo(40);

        String account = account();
        ThrottleKey victim = ThrottleKey.untrusted(REALM, account, Authenticator.PASSWORD);
        String ip = ip();
        assertThat(throttle.check(victim, ip)).as("a first try is free").isEqualTo(Decision.ALLOWED);
        FailureResult r = throttle.onFailure(victim, ip);
        assertThat(r.decision()).as("2 x threshold -> 2 s").isEqualTo(new Delayed(Duration.ofSeconds(2)));
        assertThat(throttle.check(ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD), ip))
                .as("same IP, other account").isEqualTo(new Delayed(Duration.ofSeconds(2)));
        assertThat(throttle.check(victim, ip()))
                .as("same account, other IP").isEqualTo(new Delayed(Duration.ofSeconds(2)));
        ThrottleKey trusted = ThrottleKey.trustedDevice(REALM, account, Authenticator.PASSWORD, "phone");
        assertThat(throttle.check(trusted, ip)).isEqualTo(Decision.ALLOWED);
        assertThat(throttle.check(ThrottleKey.untrusted(OTHER_REALM, account, Authenticator.PASSWORD), ip))
                .as("other realm").isEqualTo(Decision.ALLOWED);

        clock.advance(Duration.ofMinutes(2));
        assertThat(store.realmFailureRate(REALM, now())).isZero();
        assertThat(throttle.check(victim, ip)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void realmsAreIsolated() {
        LockoutPolicy policy = LockoutPolicy.builder().ipMaxFailures(3).build();
        ThrottleStore store = newStore(policy);
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        String account = account();
        String ip = ip();
        ThrottleKey here = ThrottleKey.untrusted(REALM, account, Authenticator.PASSWORD);
        ThrottleKey there = ThrottleKey.untrusted(OTHER_REALM, account, Authenticator.PASSWORD);

        for (int i = 0; i < 3; i++) {
            throttle.onFailure(here, ip);
        }
        throttle.onFailure(there, ip);

        assertThat(throttle.check(here, ip)).isInstanceOf(IpBlocked.class);
        assertThat(throttle.check(there, ip)).isEqualTo(Decision.ALLOWED);
        assertThat(store.state(there, now()).consecutiveFailures()).isEqualTo(1);
        assertThat(store.ipState(OTHER_REALM, IpBucket.of(ip), now()).failuresInWindow()).isEqualTo(1);
        assertThat(store.realmFailureRate(OTHER_REALM, now())).isEqualTo(1);

        throttle.unlock(OTHER_REALM, account);
        assertThat(store.state(here, now()).consecutiveFailures()).isEqualTo(3);
        assertThat(store.state(there, now())).isEqualTo(FailureState.NONE);
    }

    @Test
    void idleCountersAreForgotten() {
        LockoutPolicy policy = LockoutPolicy.builder().counterTtl(Duration.ofHours(1))
                .lockoutWaits(List.of(Duration.ofHours(3))).build();
        ThrottleStore store = newStore(policy);
        ThrottleKey key = ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD);
        store.recordFailure(key, now());
        clock.advance(Duration.ofMinutes(59));
        assertThat(store.state(key, now()).consecutiveFailures()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.state(key, now())).isEqualTo(FailureState.NONE);
        assertThat(store.recordFailure(key, now()).state().consecutiveFailures()).isEqualTo(1);

        for (int i = 0; i < 9; i++) {
            store.recordFailure(key, now());
        }
        clock.advance(Duration.ofHours(2));
        assertThat(store.state(key, now()).lockedAt(now())).as("kept while locked, past the idle ttl").isTrue();
        clock.advance(Duration.ofHours(1));
        assertThat(store.state(key, now())).isEqualTo(FailureState.NONE);
    }

    @Test
    void parallelFailuresAreEachCountedAndLockOnce() throws Exception {
        LockoutPolicy policy = LockoutPolicy.defaults();
        ThrottleStore store = newStore(policy);
        // frozen clock: after the 10th failure the budget stays locked, so exactly one failure starts a lockout
        // and exactly one (the 100th) disables
        LoginThrottle throttle = new LoginThrottle(store, policy, clock);
        ThrottleKey key = ThrottleKey.untrusted(REALM, account(), Authenticator.PASSWORD);
        String ip = ip();
        int attempts = 500;
        int threads = 32;
        AtomicInteger newLockouts = new AtomicInteger();
        AtomicInteger newDisables = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    while (next.getAndIncrement() < attempts) {
                        FailureResult r = throttle.onFailure(key, ip);
                        if (r.newLockout()) {
                            newLockouts.incrementAndGet();
                        }
                        if (r.newlyDisabled()) {
                            newDisables.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        FailureState state = store.state(key, now());
        assertThat(state.consecutiveFailures()).isEqualTo(attempts);
        assertThat(state.lockoutCount()).isEqualTo(1);
        assertThat(newLockouts).hasValue(1);
        assertThat(newDisables).hasValue(1);
        assertThat(store.realmFailureRate(REALM, now())).isEqualTo(attempts);
        assertThat(store.ipState(REALM, IpBucket.of(ip), now()).failuresInWindow()).isEqualTo(policy.ipMaxFailures());
    }
}
