package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import java.time.Instant;

/**
 * Storage of login-failure counters. Every mutating operation is atomic (concurrent callers on other threads or
 * nodes each see a distinct, consistent result) and applies the {@link LockoutPolicy} the store was built with.
 * Everything stored expires, so idle or abandoned counters never accumulate.
 *
 * <p>Time always comes from the caller ({@code now}), never from the store, so tests can drive a clock and every
 * node judges with the same rules. Instants are kept with millisecond precision.
 */
public interface ThrottleStore {

    /** Counts one failure of this budget and applies delays, lockouts and the disable cap. */
    RecordedFailure recordFailure(ThrottleKey key, Instant now);

    /** A successful authentication: resets this budget's counters. A disable mark stays until {@link #unlock}. */
    void recordSuccess(ThrottleKey key);

    /** Current counters of this budget ({@link FailureState#NONE} when none or expired). */
    FailureState state(ThrottleKey key, Instant now);

    /** Support unlock or password reset: forgets every budget of every authenticator of the account. */
    void unlock(String realm, String accountKey);

    /**
     * Counts one untrusted failure from {@code ipBucket} (see {@link IpBucket}) on {@code accountKey} in the sliding
     * IP window and returns the updated window.
     */
    IpState recordIpFailure(String realm, String ipBucket, String accountKey, Instant now);

    /** Current IP window. */
    IpState ipState(String realm, String ipBucket, Instant now);

    /** Counts one untrusted failure in the realm; returns the failures in the last rate window including this one. */
    long recordRealmFailure(String realm, Instant now);

    /** Untrusted failures in the realm during the last {@link LockoutPolicy#realmRateWindow()}. */
    long realmFailureRate(String realm, Instant now);
}
