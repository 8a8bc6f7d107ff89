package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides whether a login attempt may be verified, and counts failures. Usage per attempt:
 * <pre>{@code
 * ThrottleKey key = new ThrottleKey(realm, hmac(accountIdOrNormalisedEmail), Authenticator.PASSWORD,
 *         verifiedDeviceCookie ? Budget.trustedDevice(deviceId) : Budget.UNTRUSTED);
 * Decision d = throttle.check(key, clientIp);
 * if (!d.allowed()) { return throttled(d); }   // nothing looked up or verified, nothing counted
 * if (verify(...)) { throttle.onSuccess(key); ... }
 * else { FailureResult r = throttle.onFailure(key, clientIp); if (r.causedLockout()) { notifyAndAudit(r); } }
 * }</pre>
 * Unknown accounts go through exactly the same calls with the hash of the normalised email (and verify a hash of the
 * same cost), so timing and counters do not reveal whether an account exists.
 *
 * <h2>Budgets and the NIST cap</h2>
 * Every {@link ThrottleKey} budget (an authenticator of an account, either the shared untrusted budget or one
 * trusted device) has its own counter, delays, lockouts and disable cap. Failures from untrusted browsers never
 * touch a trusted device's budget, so an attacker without the device cookie cannot delay, lock or disable the real
 * user on that device: the permanent disable reached through untrusted failures applies to untrusted browsers only.
 * A trusted device's own failures lock and finally disable only that device.
 *
 * <p>This still meets NIST SP 800-63B-4 §3.2.2 (at most 100 consecutive failed attempts per authenticator): an
 * attacker who does not know the password can only spend the untrusted budget, capped at
 * {@link LockoutPolicy#permanentDisableAt()} &le; 100. A trusted budget needs a valid signed device cookie, which is
 * only issued after a successful login on this account, and is capped at 100 as well; a stolen cookie therefore buys
 * at most one more capped budget, and the caller bounds the number of trusted devices per account.
 *
 * <h2>IP and realm limits</h2>
 * Untrusted failures also count per IP (IPv6 per /64) in a sliding window (failures and distinct accounts, against
 * password spraying and credential stuffing) and per realm (failure rate). Over the IP limits untrusted attempts
 * get {@link Decision.IpBlocked}; during a realm-wide spike untrusted attempts are {@link Decision.Delayed} between
 * tries from the same IP or on the same account, growing with the size of the spike. Trusted devices are exempt
 * from both, so a shared NAT or a botnet cannot lock the real user out.
 */
public final class LoginThrottle {

    private final ThrottleStore store;
    private final LockoutPolicy policy;
    private final Clock clock;

    public LoginThrottle(ThrottleStore store, LockoutPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Decision check(ThrottleKey key, String ip) {
        return check(key, ip, clock.instant());
    }

    /**
     * May this attempt be verified now? Reads only; counts nothing. {@code ip} is the client address as a literal
     * (ignored for trusted devices); anything else throws {@link IllegalArgumentException}.
     */
    public Decision check(ThrottleKey key, String ip, Instant now) {
        FailureState account = store.state(key, now);
        if (key.trusted()) {
            return decide(key, account, IpState.NONE, 0, now);
        }
        String ipBucket = IpBucket.of(ip);
        return decide(key, account, store.ipState(key.realm(), ipBucket, now),
                store.realmFailureRate(key.realm(), now), now);
    }

    public FailureResult onFailure(ThrottleKey key, String ip) {
        return onFailure(key, ip, clock.instant());
    }

    /** Counts a failed verification and returns the decision for the next attempt. */
    public FailureResult onFailure(ThrottleKey key, String ip, Instant now) {
        RecordedFailure recorded = store.recordFailure(key, now);
        Decision next;
        if (key.trusted()) {
            next = decide(key, recorded.state(), IpState.NONE, 0, now);
        } else {
            String ipBucket = IpBucket.of(ip);
            IpState ipState = store.recordIpFailure(key.realm(), ipBucket, key.accountKey(), now);
            long realmRate = store.recordRealmFailure(key.realm(), now);
            next = decide(key, recorded.state(), ipState, realmRate, now);
        }
        return new FailureResult(next, recorded.newLockout(), recorded.newlyDisabled());
    }

    /** A successful verification: resets this budget only (other budgets and IP windows are untouched). */
    public void onSuccess(ThrottleKey key) {
        store.recordSuccess(key);
    }

    /** Current counters of one budget, for support (reads only). */
    public FailureState state(ThrottleKey key) {
        return store.state(key, clock.instant());
    }

    /** Support unlock, or after a password reset: clears all budgets, lockouts and disables of the account. */
    public void unlock(String realm, String accountKey) {
        store.unlock(realm, accountKey);
    }

    private Decision decide(ThrottleKey key, FailureState account, IpState ip, long realmRate, Instant now) {
        if (account.permanentlyDisabled()) {
            return new Decision.PasswordDisabled();
        }
        if (account.lockedAt(now)) {
            return new Decision.TemporarilyLocked(account.lockedUntil());
        }
        if (ip.blockedAt(now)) {
            return new Decision.IpBlocked(ip.blockedUntil());
        }
        Instant earliest = account.lastFailureAt().plus(policy.delayAfter(account.consecutiveFailures()));
        Duration spike = key.trusted() ? Duration.ZERO : policy.spikeDelay(realmRate);
        if (!spike.isZero()) {
            // A spike delay spaces out tries from the same IP and on the same account; a first try is free.
            Instant anchor = later(account.lastFailureAt(), ip.lastFailureAt());
            earliest = later(earliest, anchor.plus(spike));
        }
        return earliest.isAfter(now) ? new Decision.Delayed(Duration.between(now, earliest)) : Decision.ALLOWED;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
