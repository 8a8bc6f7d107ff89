package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link ThrottleStore} in local memory, for a single node and for tests. Each operation is one
 * {@link ConcurrentHashMap#compute} on immutable values, so it is atomic. Entries expire lazily when read and are
 * swept when a map grows past {@code maxEntries}; if the sweep is not enough the entries closest to expiry are
 * dropped. A flood of distinct keys can thus evict live counters: use {@link RedisThrottleStore} on anything that
 * faces the internet at scale.
 */
public final class InMemoryThrottleStore implements ThrottleStore {

    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final LockoutPolicy policy;
    private final int maxEntries;
    private final ConcurrentHashMap<String, AccountEntry> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, IpEntry> ips = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateEntry> rates = new ConcurrentHashMap<>();
    private final ReentrantLock sweeping = new ReentrantLock();

    public InMemoryThrottleStore(LockoutPolicy policy) {
        this(policy, DEFAULT_MAX_ENTRIES);
    }

    public InMemoryThrottleStore(LockoutPolicy policy, int maxEntries) {
        this.policy = Objects.requireNonNull(policy, "policy");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public RecordedFailure recordFailure(ThrottleKey key, Instant now) {
        Instant at = millis(now);
        String field = key.budgetField();
        RecordedFailure[] result = new RecordedFailure[1];
        accounts.compute(accountId(key.realm(), key.accountKey()), (id, entry) -> {
            Map<String, FailureState> budgets = live(entry, at);
            result[0] = budgets.getOrDefault(field, FailureState.NONE).afterFailure(policy, at);
            budgets.put(field, result[0].state());
            return AccountEntry.of(budgets, policy);
        });
        bound(accounts, at);
        return result[0];
    }

    @Override
    public void recordSuccess(ThrottleKey key) {
        String field = key.budgetField();
        accounts.computeIfPresent(accountId(key.realm(), key.accountKey()), (id, entry) -> {
            FailureState current = entry.budgets().get(field);
            if (current == null || current.permanentlyDisabled()) {
                return entry;
            }
            Map<String, FailureState> budgets = new HashMap<>(entry.budgets());
            budgets.remove(field);
            return budgets.isEmpty() ? null : AccountEntry.of(budgets, policy);
        });
    }

    @Override
    public FailureState state(ThrottleKey key, Instant now) {
        Instant at = millis(now);
        AccountEntry entry = accounts.get(accountId(key.realm(), key.accountKey()));
        if (entry == null) {
            return FailureState.NONE;
        }
        FailureState state = entry.budgets().getOrDefault(key.budgetField(), FailureState.NONE);
        return state.expiredAt(policy, at) ? FailureState.NONE : state;
    }

    @Override
    public void unlock(String realm, String accountKey) {
        accounts.remove(accountId(Identifiers.requireSafe("realm", realm),
                Identifiers.requireSafe("accountKey", accountKey)));
    }

    @Override
    public IpState recordIpFailure(String realm, String ipBucket, String accountKey, Instant now) {
        long at = now.toEpochMilli();
        long window = policy.ipWindow().toMillis();
        Identifiers.requireSafe("accountKey", accountKey);
        IpEntry updated = ips.compute(ipId(realm, ipBucket), (id, entry) -> {
            IpEntry current = entry == null ? IpEntry.EMPTY : entry.slide(at - window);
            return current.add(at, accountKey, policy, window);
        });
        bound(ips, Instant.ofEpochMilli(at));
        return updated.toState(at, window, policy);
    }

    @Override
    public IpState ipState(String realm, String ipBucket, Instant now) {
        long at = now.toEpochMilli();
        long window = policy.ipWindow().toMillis();
        IpEntry entry = ips.get(ipId(realm, ipBucket));
        return entry == null ? IpState.NONE : entry.slide(at - window).toState(at, window, policy);
    }

    @Override
    public long recordRealmFailure(String realm, Instant now) {
        long at = now.toEpochMilli();
        long window = policy.realmRateWindow().toMillis();
        long bucket = SlidingRate.bucket(at, window);
        RateEntry updated = rates.compute(Identifiers.requireSafe("realm", realm),
                (id, entry) -> RateEntry.at(entry, bucket, window).increment());
        return updated.estimate(at, window);
    }

    @Override
    public long realmFailureRate(String realm, Instant now) {
        long at = now.toEpochMilli();
        long window = policy.realmRateWindow().toMillis();
        RateEntry entry = rates.get(Identifiers.requireSafe("realm", realm));
        return entry == null ? 0 : RateEntry.at(entry, SlidingRate.bucket(at, window), window).estimate(at, window);
    }

    /** Number of stored account and IP entries (for tests of the bound). */
    int entries() {
        return accounts.size() + ips.size();
    }

    private Map<String, FailureState> live(AccountEntry entry, Instant at) {
        Map<String, FailureState> budgets = new HashMap<>();
        if (entry != null) {
            entry.budgets().forEach((field, state) -> {
                if (!state.expiredAt(policy, at)) {
                    budgets.put(field, state);
                }
            });
        }
        return budgets;
    }

    /** Keeps a map within {@code maxEntries}: drop expired entries, then those closest to expiry. */
    private <V extends Expiring> void bound(ConcurrentHashMap<String, V> map, Instant now) {
        if (map.size() <= maxEntries || !sweeping.tryLock()) {
            return;
        }
        try {
            map.entrySet().removeIf(e -> !e.getValue().expiresAt().isAfter(now));
            int excess = map.size() - maxEntries * 9 / 10;
            if (excess > 0) {
                map.entrySet().stream()
                        .sorted(Comparator.comparing(e -> e.getValue().expiresAt()))
                        .limit(excess)
                        .toList()
                        .forEach(e -> map.remove(e.getKey(), e.getValue()));
            }
        } finally {
            sweeping.unlock();
        }
    }

    private static Instant millis(Instant now) {
        return Instant.ofEpochMilli(now.toEpochMilli());
    }

    private static String accountId(String realm, String accountKey) {
        return realm + '\n' + accountKey;
    }

    private static String ipId(String realm, String ipBucket) {
        return Identifiers.requireSafe("realm", realm) + '\n' + Identifiers.requireIpBucket(ipBucket);
    }

    private interface Expiring {
        Instant expiresAt();
    }

    private record AccountEntry(Map<String, FailureState> budgets, Instant expiresAt) implements Expiring {
        static AccountEntry of(Map<String, FailureState> budgets, LockoutPolicy policy) {
            Instant expires = budgets.values().stream()
                    .map(s -> s.expiresAt(policy))
                    .max(Comparator.naturalOrder())
                    .orElse(Instant.EPOCH);
            return new AccountEntry(Map.copyOf(budgets), expires);
        }
    }

    /**
     * Failure times (ascending, at most ipMaxFailures newest) and account last-seen times (at most ipMaxAccounts
     * newest) of one IP. Never mutated after construction.
     */
    private record IpEntry(long[] times, Map<String, Long> accounts, Instant expiresAt) implements Expiring {
        static final IpEntry EMPTY = new IpEntry(new long[0], Map.of(), Instant.EPOCH);

        /** Drops everything at or before {@code cutoff}. */
        IpEntry slide(long cutoff) {
            long[] kept = Arrays.stream(times).filter(t -> t > cutoff).toArray();
            Map<String, Long> seen = new HashMap<>();
            accounts.forEach((account, t) -> {
                if (t > cutoff) {
                    seen.put(account, t);
                }
            });
            return new IpEntry(kept, seen, expiresAt);
        }

        IpEntry add(long at, String account, LockoutPolicy policy, long window) {
            long[] grown = Arrays.copyOf(times, times.length + 1);
            grown[times.length] = at;
            Arrays.sort(grown);
            long[] kept = Arrays.copyOfRange(grown, Math.max(0, grown.length - policy.ipMaxFailures()), grown.length);
            Map<String, Long> seen = new HashMap<>(accounts);
            seen.merge(account, at, Math::max);
            while (seen.size() > policy.ipMaxAccounts()) {
                // Same victim as Redis' ZREMRANGEBYRANK: lowest time, then lowest member.
                seen.entrySet().stream()
                        .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                        .ifPresent(oldest -> seen.remove(oldest.getKey()));
            }
            return new IpEntry(kept, Map.copyOf(seen), Instant.ofEpochMilli(at + window));
        }

        IpState toState(long at, long window, LockoutPolicy policy) {
            if (times.length == 0 && accounts.isEmpty()) {
                return IpState.NONE;
            }
            long blockedUntil = 0;
            if (times.length >= policy.ipMaxFailures()) {
                blockedUntil = times[times.length - policy.ipMaxFailures()] + window;
            }
            if (accounts.size() >= policy.ipMaxAccounts()) {
                long oldest = accounts.values().stream().mapToLong(Long::longValue).min().orElse(0);
                blockedUntil = Math.max(blockedUntil, oldest + window);
            }
            long last = times.length == 0 ? 0 : times[times.length - 1];
            return new IpState(times.length, accounts.size(), Instant.ofEpochMilli(last),
                    Instant.ofEpochMilli(blockedUntil));
        }
    }

    /** Counts of the current and previous fixed bucket of the realm rate. */
    private record RateEntry(long bucket, long current, long previous, Instant expiresAt) implements Expiring {
        static RateEntry at(RateEntry entry, long bucket, long window) {
            Instant expires = Instant.ofEpochMilli((bucket + 2) * window);
            if (entry == null || entry.bucket < bucket - 1) {
                return new RateEntry(bucket, 0, 0, expires);
            }
            if (entry.bucket == bucket - 1) {
                return new RateEntry(bucket, 0, entry.current, expires);
            }
            return entry;
        }

        RateEntry increment() {
            return new RateEntry(bucket, current + 1, previous, expiresAt);
        }

        long estimate(long at, long window) {
            return SlidingRate.estimate(current, previous, at, window);
        }
    }
}
