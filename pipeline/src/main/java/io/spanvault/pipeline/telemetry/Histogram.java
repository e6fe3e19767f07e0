package io.spanvault.pipeline.telemetry;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A distribution over fixed upper bounds, recorded without locks. */
public final class Histogram {
    private final double[] bounds;
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must increase: " + Arrays.toString(bounds));
            }
        }
        this.buckets = new LongAdder[bounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(double value) {
        int i = Arrays.binarySearch(bounds, value);
        buckets[i >= 0 ? i : -i - 1].increment();
        sum.add(value);
        count.increment();
    }

    /** The upper bounds, without the implicit +Inf. */
    public double[] bounds() {
        return bounds.clone();
    }

    /** Cumulative counts: element i counts values ≤ bounds[i]; the last element counts all values. */
    public long[] cumulativeCounts() {
        long[] out = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            out[i] = running;
        }
        return out;
    }

    public double sum() {
        return sum.sum();
    }

    public long count() {
        return count.sum();
    }
}
