package nl.toegang.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies of one load phase and the throughput they add up to. */
record LoadStats(String name, int connections, long durationNanos, List<Long> latenciesNanos, int errors,
                 long serverCpuNanos, long loadCpuNanos) {

    LoadStats(String name, int connections, long durationNanos, List<Long> latenciesNanos, int errors) {
        this(name, connections, durationNanos, latenciesNanos, errors, -1, -1);
    }

    /** The same figures with the CPU time the server process and this (load-generating) process used meanwhile. */
    LoadStats withCpu(long serverNanos, long loadNanos) {
        return new LoadStats(name, connections, durationNanos, latenciesNanos, errors, serverNanos, loadNanos);
    }

    /** Server CPU per successful operation, in milliseconds (NaN when not measured). */
    double serverCpuMillisPerOperation() {
        return serverCpuNanos < 0 || latenciesNanos.isEmpty() ? Double.NaN
                : serverCpuNanos / 1e6 / latenciesNanos.size();
    }

    /** Load-generator CPU per successful operation, in milliseconds (NaN when not measured). */
    double loadCpuMillisPerOperation() {
        return loadCpuNanos < 0 || latenciesNanos.isEmpty() ? Double.NaN
                : loadCpuNanos / 1e6 / latenciesNanos.size();
    }

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
