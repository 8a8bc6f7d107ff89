package nl.toegang.realm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Tunables of the login throttle. {@link #defaults()} gives:
 * <ul>
 *   <li>{@code freeFailures} = 3: the first three consecutive failures of a budget cost nothing (typos);</li>
 *   <li>{@code firstDelay} = 1 s, doubling per further failure, capped at {@code maxDelay} = 30 s
 *       (after failure 4: 1 s, 5: 2 s, 6: 4 s, 7: 8 s, 8: 16 s, 9+: 30 s);</li>
 *   <li>{@code failuresBeforeLockout} = 10: every 10 failures counted while not locked start a temporary lockout;</li>
 *   <li>{@code lockoutWaits} = 5 min, 15 min, 1 h, 4 h, 24 h: the n-th lockout waits the n-th entry, the last entry
 *       repeats, so 24 h is the cap;</li>
 *   <li>{@code permanentDisableAt} = 100: at 100 consecutive failures of a budget that budget's authenticator is
 *       disabled until reset or support unlock. Values above 100 are refused (NIST SP 800-63B-4 §3.2.2);</li>
 *   <li>{@code counterTtl} = 7 days: a budget with no failure for this long (and no running lockout) is forgotten.
 *       It is longer than the largest lockout wait so the count survives the whole schedule; at full speed an
 *       attacker reaches the cap in about 5 days, so the only way to avoid it is to fall idle for a week, which
 *       caps guessing at fewer than 100 tries per ~12 days;</li>
 *   <li>{@code disabledRetention} = 365 days: how long a disable mark stays in the store (the caller should also
 *       persist it on the account, see the lockout's {@code FailureResult.newlyDisabled()});</li>
 *   <li>{@code ipWindow} = 10 min sliding, {@code ipMaxFailures} = 100 untrusted failures and
 *       {@code ipMaxAccounts} = 20 distinct accounts per IP (IPv6 per /64) in that window. Generous on purpose:
 *       offices, universities and carrier-grade NAT put many users behind one address;</li>
 *   <li>{@code realmRateWindow} = 1 min, {@code realmSpikeFailures} = 300 untrusted failures per window in a realm
 *       count as a spike; while it lasts untrusted browsers wait {@code spikeDelay} = 1 s per multiple of the
 *       threshold (capped at {@code maxDelay}) between attempts from the same IP or on the same account.</li>
 * </ul>
 */
public record LockoutPolicy(
        int freeFailures,
        Duration firstDelay,
        Duration maxDelay,
        int failuresBeforeLockout,
        List<Duration> lockoutWaits,
        int permanentDisableAt,
        Duration counterTtl,
        Duration disabledRetention,
        Duration ipWindow,
        int ipMaxFailures,
        int ipMaxAccounts,
        Duration realmRateWindow,
        long realmSpikeFailures,
        Duration spikeDelay) {

    /** NIST SP 800-63B-4 §3.2.2: no more than 100 consecutive failed attempts per authenticator. */
    public static final int NIST_MAX_FAILURES = 100;

    public LockoutPolicy {
        requireAtLeast("freeFailures", freeFailures, 0);
        requirePositive("firstDelay", firstDelay);
        requirePositive("maxDelay", maxDelay);
        requireAtLeast("failuresBeforeLockout", failuresBeforeLockout, 1);
        lockoutWaits = List.copyOf(Objects.requireNonNull(lockoutWaits, "lockoutWaits"));
        if (lockoutWaits.isEmpty()) {
            throw new IllegalArgumentException("lockoutWaits must not be empty");
        }
        lockoutWaits.forEach(w -> requirePositive("lockoutWaits", w));
        if (permanentDisableAt < 1 || permanentDisableAt > NIST_MAX_FAILURES) {
            throw new IllegalArgumentException("permanentDisableAt must be 1.." + NIST_MAX_FAILURES);
        }
        requirePositive("counterTtl", counterTtl);
        requirePositive("disabledRetention", disabledRetention);
        requirePositive("ipWindow", ipWindow);
        requireAtLeast("ipMaxFailures", ipMaxFailures, 1);
        requireAtLeast("ipMaxAccounts", ipMaxAccounts, 1);
        requirePositive("realmRateWindow", realmRateWindow);
        requireAtLeast("realmSpikeFailures", realmSpikeFailures, 1);
        requirePositive("spikeDelay", spikeDelay);
    }

    public static LockoutPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** How long a budget must wait after its last failure, given its consecutive failure count. */
    public Duration delayAfter(long consecutiveFailures) {
        long beyondFree = consecutiveFailures - freeFailures;
        if (beyondFree <= 0) {
            return Duration.ZERO;
        }
        // Doubling overflows quickly, so stop shifting once past the cap.
        int shift = (int) Math.min(beyondFree - 1, 40);
        long millis = firstDelay.toMillis();
        long grown = millis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : millis << shift;
        return Duration.ofMillis(Math.min(grown, maxDelay.toMillis()));
    }

    /** Length of the {@code lockoutNumber}-th (1-based) temporary lockout; the last configured wait repeats. */
    public Duration lockoutWait(long lockoutNumber) {
        int index = (int) Math.min(Math.max(lockoutNumber, 1), lockoutWaits.size()) - 1;
        return lockoutWaits.get(index);
    }

    /** Extra wait between untrusted attempts while the realm sees {@code realmFailures} per rate window. */
    public Duration spikeDelay(long realmFailures) {
        long multiples = realmFailures / realmSpikeFailures;
        if (multiples <= 0) {
            return Duration.ZERO;
        }
        long millis = spikeDelay.toMillis() * Math.min(multiples, 1_000_000L);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    private static void requireAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    /** Builder starting from the defaults documented on {@link LockoutPolicy}. */
    public static final class Builder {
        private int freeFailures = 3;
        private Duration firstDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(30);
        private int failuresBeforeLockout = 10;
        private List<Duration> lockoutWaits = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(24));
        private int permanentDisableAt = NIST_MAX_FAILURES;
        private Duration counterTtl = Duration.ofDays(7);
        private Duration disabledRetention = Duration.ofDays(365);
        private Duration ipWindow = Duration.ofMinutes(10);
        private int ipMaxFailures = 100;
        private int ipMaxAccounts = 20;
        private Duration realmRateWindow = Duration.ofMinutes(1);
        private long realmSpikeFailures = 300;
        private Duration spikeDelay = Duration.ofSeconds(1);

        private Builder() {
        }

        private Builder(LockoutPolicy p) {
            freeFailures = p.freeFailures;
            firstDelay = p.firstDelay;
            maxDelay = p.maxDelay;
            failuresBeforeLockout = p.failuresBeforeLockout;
            lockoutWaits = p.lockoutWaits;
            permanentDisableAt = p.permanentDisableAt;
            counterTtl = p.counterTtl;
            disabledRetention = p.disabledRetention;
            ipWindow = p.ipWindow;
            ipMaxFailures = p.ipMaxFailures;
            ipMaxAccounts = p.ipMaxAccounts;
            realmRateWindow = p.realmRateWindow;
            realmSpikeFailures = p.realmSpikeFailures;
            spikeDelay = p.spikeDelay;
        }

        public Builder freeFailures(int v) { freeFailures = v; return this; }
        public Builder firstDelay(Duration v) { firstDelay = v; return this; }
        public Builder maxDelay(Duration v) { maxDelay = v; return this; }
        public Builder failuresBeforeLockout(int v) { failuresBeforeLockout = v; return this; }
        public Builder lockoutWaits(List<Duration> v) { lockoutWaits = v; return this; }
        public Builder permanentDisableAt(int v) { permanentDisableAt = v; return this; }
        public Builder counterTtl(Duration v) { counterTtl = v; return this; }
        public Builder disabledRetention(Duration v) { disabledRetention = v; return this; }
        public Builder ipWindow(Duration v) { ipWindow = v; return this; }
        public Builder ipMaxFailures(int v) { ipMaxFailures = v; return this; }
        public Builder ipMaxAccounts(int v) { ipMaxAccounts = v; return this; }
        public Builder realmRateWindow(Duration v) { realmRateWindow = v; return this; }
        public Builder realmSpikeFailures(long v) { realmSpikeFailures = v; return this; }
        public Builder spikeDelay(Duration v) { spikeDelay = v; return this; }

        public LockoutPolicy build() {
            return new LockoutPolicy(freeFailures, firstDelay, maxDelay, failuresBeforeLockout, lockoutWaits,
                    permanentDisableAt, counterTtl, disabledRetention, ipWindow, ipMaxFailures, ipMaxAccounts,
                    realmRateWindow, realmSpikeFailures, spikeDelay);
        }
    }
}
