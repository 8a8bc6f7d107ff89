package nl.toegang.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs one operation from N threads for a fixed time and records every latency. Bounded in time, always stops. */
final class LoadRunner {

    interface Operation {
        /** Performs one request (or one flow); returns false when the server answered wrongly. */
        boolean run(int worker) throws Exception;
    }

    static LoadStats run(String name, int connections, Duration duration, Operation operation)
            throws InterruptedException {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicBoolean reported = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < connections; i++) {
            int worker = i;
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = operation.run(worker);
                        } catch (Exception e) {
                            ok = false;
                            if (reported.compareAndSet(false, true)) { // the first failure says why; the rest count
                                System.err.println(name + ": first failed operation: " + e);
                            }
                        }
                        if (ok) {
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, name + "-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        return new LoadStats(name, connections, System.nanoTime() - start, new ArrayList<>(latencies), errors.get());
    }

    private LoadRunner() {
    }
}
