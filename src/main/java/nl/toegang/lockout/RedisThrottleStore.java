package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link ThrottleStore} in Redis via Lettuce, shared by all nodes. Every read-modify-write is one Lua script
 * ({@code EVALSHA}, falling back to {@code EVAL}), so it is atomic across nodes; every key gets a TTL in the same
 * script that writes it. See {@link RedisKeys} for the layout.
 *
 * <p>Keys contain the realm id and the caller's account key in clear text. The account key must therefore be a keyed
 * hash of the account id or normalised email, never the email itself ({@link ThrottleKey} rejects {@code @}).
 * Time comes from the caller, so nodes need synchronised clocks (NTP), as they do for tokens anyway.
 *
 * <p>The commands come from a standalone or a cluster connection alike: every script's keys share one hash tag
 * ({@link RedisKeys}). The connection is shared and thread safe; its owner closes it.
 */
public final class RedisThrottleStore implements ThrottleStore {

    private static final LuaScript RECORD_FAILURE = LuaScript.load("record-failure.lua");
    private static final LuaScript RECORD_SUCCESS = LuaScript.load("record-success.lua");
    private static final LuaScript IP_WINDOW = LuaScript.load("ip-window.lua");
    private static final LuaScript REALM_RATE = LuaScript.load("realm-rate.lua");

    private final RedisClusterCommands<String, String> redis;
    private final LockoutPolicy policy;
    private final RedisKeys keys;
    private final String[] failureArgsTail;

    /**
     * @param keyPrefix prepended to every key, e.g. {@code toegang:} in production or {@code toegang:test-<random>:}
     *                  in tests; must not contain braces
     */
    public RedisThrottleStore(RedisClusterCommands<String, String> redis, LockoutPolicy policy, String keyPrefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.keys = new RedisKeys(keyPrefix);
        this.failureArgsTail = failureArgsTail(policy);
    }

    @Override
    public RecordedFailure recordFailure(ThrottleKey key, Instant now) {
        String[] args = new String[failureArgsTail.length + 2];
        args[0] = key.budgetField();
        args[1] = Long.toString(now.toEpochMilli());
        System.arraycopy(failureArgsTail, 0, args, 2, failureArgsTail.length);
        List<Long> r = RECORD_FAILURE.run(redis, ScriptOutputType.MULTI,
                new String[]{keys.account(key.realm(), key.accountKey())}, args);
        FailureState state = new FailureState(r.get(0), r.get(1).intValue(), r.get(2).intValue(),
                Instant.ofEpochMilli(r.get(3)), Instant.ofEpochMilli(r.get(4)), r.get(5) == 1);
        return new RecordedFailure(state, r.get(6) == 1, r.get(7) == 1);
    }

    @Override
    public void recordSuccess(ThrottleKey key) {
        RECORD_SUCCESS.run(redis, ScriptOutputType.INTEGER,
                new String[]{keys.account(key.realm(), key.accountKey())}, key.budgetField());
    }

    @Override
    public FailureState state(ThrottleKey key, Instant now) {
        FailureState state = FailureState.decode(redis.hget(keys.account(key.realm(), key.accountKey()),
                key.budgetField()));
        return state.expiredAt(policy, Instant.ofEpochMilli(now.toEpochMilli())) ? FailureState.NONE : state;
    }

    @Override
    public void unlock(String realm, String accountKey) {
        redis.del(keys.account(Identifiers.requireSafe("realm", realm),
                Identifiers.requireSafe("accountKey", accountKey)));
    }

    @Override
    public IpState recordIpFailure(String realm, String ipBucket, String accountKey, Instant now) {
        Identifiers.requireSafe("accountKey", accountKey);
        // a random member keeps simultaneous failures apart in the sorted set
        String member = now.toEpochMilli() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return ipWindow(realm, ipBucket, now, true, accountKey, member);
    }

    @Override
    public IpState ipState(String realm, String ipBucket, Instant now) {
        return ipWindow(realm, ipBucket, now, false, "", "");
    }

    private IpState ipWindow(String realm, String ipBucket, Instant now, boolean record, String accountKey,
                             String member) {
        Identifiers.requireSafe("realm", realm);
        Identifiers.requireIpBucket(ipBucket);
        List<Long> r = IP_WINDOW.run(redis, ScriptOutputType.MULTI,
                new String[]{keys.ipFailures(realm, ipBucket), keys.ipAccounts(realm, ipBucket)},
                Long.toString(now.toEpochMilli()), Long.toString(policy.ipWindow().toMillis()),
                Integer.toString(policy.ipMaxFailures()), Integer.toString(policy.ipMaxAccounts()),
                record ? "1" : "0", accountKey, member);
        if (r.get(0) == 0 && r.get(1) == 0) {
            return IpState.NONE;
        }
        return new IpState(r.get(0).intValue(), r.get(1).intValue(), Instant.ofEpochMilli(r.get(2)),
                Instant.ofEpochMilli(r.get(3)));
    }

    @Override
    public long recordRealmFailure(String realm, Instant now) {
        Identifiers.requireSafe("realm", realm);
        long at = now.toEpochMilli();
        long window = policy.realmRateWindow().toMillis();
        long bucket = SlidingRate.bucket(at, window);
        List<Long> r = REALM_RATE.run(redis, ScriptOutputType.MULTI,
                new String[]{keys.rate(realm, bucket), keys.rate(realm, bucket - 1)}, Long.toString(2 * window));
        return SlidingRate.estimate(r.get(0), r.get(1), at, window);
    }

    @Override
    public long realmFailureRate(String realm, Instant now) {
        Identifiers.requireSafe("realm", realm);
        long at = now.toEpochMilli();
        long window = policy.realmRateWindow().toMillis();
        long bucket = SlidingRate.bucket(at, window);
        List<KeyValue<String, String>> values = redis.mget(keys.rate(realm, bucket), keys.rate(realm, bucket - 1));
        return SlidingRate.estimate(count(values.get(0)), count(values.get(1)), at, window);
    }

    private static long count(KeyValue<String, String> value) {
        return value.hasValue() ? Long.parseLong(value.getValue()) : 0;
    }

    private static String[] failureArgsTail(LockoutPolicy policy) {
        List<Duration> waits = policy.lockoutWaits();
        String[] tail = new String[4 + waits.size()];
        tail[0] = Integer.toString(policy.failuresBeforeLockout());
        tail[1] = Integer.toString(policy.permanentDisableAt());
        tail[2] = Long.toString(policy.counterTtl().toMillis());
        tail[3] = Long.toString(policy.disabledRetention().toMillis());
        for (int i = 0; i < waits.size(); i++) {
            tail[4 + i] = Long.toString(waits.get(i).toMillis());
        }
        return tail;
    }
}
