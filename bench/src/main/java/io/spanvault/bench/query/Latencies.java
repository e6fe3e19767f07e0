package io.spanvault.bench.query;

import java.util.Arrays;

/** Recorded request latencies and their percentiles (few enough samples to keep and sort). */
final class Latencies {
    private final long[] nanos;
    private int count;

    Latencies(int capacity) {
        nanos = new long[capacity];
    }

    void record(long elapsedNanos) {
        nanos[count++] = elapsedNanos;
    }

    /** The latency at {@code quantile} (0..1) in milliseconds, nearest-rank. */
    double percentileMillis(double quantile) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(quantile * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
    }

    String summary() {
        return String.format("n=%d p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms", count, percentileMillis(0.50),
                percentileMillis(0.90), percentileMillis(0.99), percentileMillis(1.0));
    }
}
