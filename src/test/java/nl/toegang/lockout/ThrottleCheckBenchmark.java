package nl.toegang.lockout;

import nl.toegang.realm.LockoutPolicy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import nl.toegang.testsupport.RedisTestKeys;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cost of one throttled failed login on Redis: {@link LoginThrottle#check} followed by {@link LoginThrottle#onFailure}
 * on an untrusted budget (the most expensive path: 6 Redis round trips, 3 of them Lua scripts). Not a test.
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/test-classes:target/classes:$(cat cp.txt) nl.toegang.lockout.ThrottleCheckBenchmark [redis-uri]
 * </pre>
 *
 * Uses a random key prefix and deletes its keys afterwards. All threads share one Lettuce connection, as the
 * application does.
 */
public final class ThrottleCheckBenchmark {

    private static final int WARM_UP = 5_000;
    private static final int SINGLE_THREAD_OPS = 10_000;
    private static final int THREADS = 8;
    private static final int OPS_PER_THREAD = 2_500;
    private static final int ACCOUNTS = 10_000;
    private static final int IPS = 1_000;

    private ThrottleCheckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        String prefix = "toegang:bench-" + UUID.randomUUID() + ":";
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            LockoutPolicy policy = LockoutPolicy.defaults();
            LoginThrottle throttle = new LoginThrottle(new RedisThrottleStore(connection.sync(), policy, prefix), policy,
                    Clock.systemUTC());
            String[] accounts = new String[ACCOUNTS];
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts[i] = ThrottleStoreContract.account();
            }
            String[] ips = new String[IPS];
            for (int i = 0; i < IPS; i++) {
                ips[i] = "10." + (i >> 8) + "." + (i & 255) + ".1";
            }
            Workload work = new Workload(throttle, accounts, ips, true);
            Workload checkOnly = new Workload(throttle, accounts, ips, false);

            System.out.printf("Redis %s, redis_version %s, %d accounts, %d IPs%n", uri,
                    redisVersion(connection.sync()), ACCOUNTS, IPS);
            work.run(WARM_UP);
            checkOnly.run(WARM_UP);
            System.out.println("check only (what every login pays before the password is verified):");
            report("1 thread", SINGLE_THREAD_OPS, () -> checkOnly.run(SINGLE_THREAD_OPS));
            report(THREADS + " threads", THREADS * OPS_PER_THREAD, () -> parallel(checkOnly));
            System.out.println("check + onFailure (a failed attempt):");
            report("1 thread", SINGLE_THREAD_OPS, () -> work.run(SINGLE_THREAD_OPS));
            report(THREADS + " threads", THREADS * OPS_PER_THREAD, () -> parallel(work));
        } finally {
            cleanUp(client, prefix);
            client.shutdown();
        }
    }

    private record Workload(LoginThrottle throttle, String[] accounts, String[] ips, boolean withFailure) {
        long[] run(int ops) {
            long[] nanos = new long[ops];
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < ops; i++) {
                ThrottleKey key = ThrottleKey.untrusted("bench", accounts[r.nextInt(accounts.length)],
                        Authenticator.PASSWORD);
                String ip = ips[r.nextInt(ips.length)];
                long start = System.nanoTime();
                throttle.check(key, ip);
                if (withFailure) {
                    throttle.onFailure(key, ip);
                }
                nanos[i] = System.nanoTime() - start;
            }
            return nanos;
        }
    }

    private static long[] parallel(Workload work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.run(OPS_PER_THREAD);
                }));
            }
            start.countDown();
            long[] all = new long[0];
            for (Future<long[]> f : futures) {
                long[] part = f.get();
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            return all;
        } finally {
            pool.shutdown();
        }
    }

    private interface Run {
        long[] run() throws Exception;
    }

    private static void report(String label, int ops, Run run) throws Exception {
        long wallStart = System.nanoTime();
        long[] nanos = run.run();
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-10s ops=%d  p50=%d us  p99=%d us  max=%d us  throughput=%.0f ops/s%n",
                label, ops, micros(nanos, 0.50), micros(nanos, 0.99), nanos[nanos.length - 1] / 1_000,
                ops / (wall.toNanos() / 1e9));
    }

    private static long micros(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1_000;
    }

    private static String redisVersion(RedisCommands<String, String> redis) {
        return redis.info("server").lines()
                .filter(l -> l.startsWith("redis_version:"))
                .map(l -> l.substring("redis_version:".length()).strip())
                .findFirst().orElse("?");
    }

    private static void cleanUp(RedisClient client, String prefix) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisTestKeys.deleteMatching(connection.sync(), prefix);
        }
    }
}
