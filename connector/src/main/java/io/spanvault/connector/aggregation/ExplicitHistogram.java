package io.spanvault.connector.aggregation;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.util.Arrays;

/** Values counted in fixed buckets, written out as an OTLP explicit-bucket histogram point. Not thread-safe. */
public final class ExplicitHistogram {
    private final double[] bounds;
    private final long[] counts;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** {@code bounds} are the increasing upper bounds (inclusive), without the implicit +Inf. */
    public ExplicitHistogram(double[] bounds) {
        this.bounds = bounds;
        this.counts = new long[bounds.length + 1];
    }

    public void record(double value) {
        int i = Arrays.binarySearch(bounds, value);
        counts[i >= 0 ? i : -i - 1]++;
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public long count() {
        return count;
    }

    /** Bounds, counts, sum, min and max onto {@code point}. */
    public HistogramDataPoint.Builder writeTo(HistogramDataPoint.Builder point) {
        point.setCount(count).setSum(sum);
        for (double bound : bounds) {
            point.addExplicitBounds(bound);
        }
        for (long c : counts) {
            point.addBucketCounts(c);
        }
        if (count > 0) {
            point.setMin(min).setMax(max);
        }
        return point;
    }
}
