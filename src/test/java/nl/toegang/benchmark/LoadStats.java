package nl.toegang.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies of one load phase and the throughput they add up to. */
record LoadStats(String name, int connections, long durationNanos, List<Long> latenciesNanos, int errors) {

    double throughput() {
        return latenciesNanos.size() / (durationNanos / 1e9);
    }

    double percentileMillis(double p) {
        if (latenciesNanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(latenciesNanos);
        Collections.sort(sorted);
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
