package io.spanvault.connector.aggregation;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;

/**
 * Non-negative values counted in base-2 exponential buckets, as the OpenTelemetry SDKs record them: it
 * starts at scale 20 and halves its resolution (scale - 1) whenever the values span more than
 * {@code maxSize} buckets. Bucket {@code i} at scale {@code s} holds values in (2^(i/2^s), 2^((i+1)/2^s)];
 * zeros are counted apart. Not thread-safe.
 */
public final class ExponentialHistogram {
    private static final int MAX_SCALE = 20;

    private final int maxSize;
    private int scale = MAX_SCALE;
    private long[] counts;
    private int offset;
    private int used;
    private long zeroCount;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public ExponentialHistogram(int maxSize) {
        if (maxSize < 2) {
            throw new IllegalArgumentException("max_size must be at least 2, got " + maxSize);
        }
        this.maxSize = maxSize;
        this.counts = new long[maxSize];
    }

    public void record(double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (value <= 0) {
            zeroCount++;
            return;
        }
        int index = index(value, scale);
        if (used == 0) {
            offset = index;
            used = 1;
            counts[0] = 1;
            return;
        }
        int low = Math.min(offset, index);
        int high = Math.max(offset + used - 1, index);
        int shift = 0;
        while ((high >> shift) - (low >> shift) + 1 > maxSize) {
            shift++;
        }
        if (shift > 0) {
            downscale(shift);
            index >>= shift;
            low = Math.min(offset, index);
            high = Math.max(offset + used - 1, index);
        }
        if (low < offset) {
            long[] moved = new long[maxSize];
            System.arraycopy(counts, 0, moved, offset - low, used);
            counts = moved;
            used += offset - low;
            offset = low;
        }
        if (high >= offset + used) {
            used = high - offset + 1;
        }
        counts[index - offset]++;
    }

    /** The bucket of {@code value} at {@code scale}: ceil(log2(value) * 2^scale) - 1. */
    static int index(double value, int scale) {
        double scaled = Math.log(value) / Math.log(2) * Math.scalb(1.0, scale);
        return (int) Math.ceil(scaled) - 1;
    }

    private void downscale(int shift) {
        long[] merged = new long[maxSize];
        int newOffset = offset >> shift;
        int newUsed = 0;
        for (int i = 0; i < used; i++) {
            int target = ((offset + i) >> shift) - newOffset;
            merged[target] += counts[i];
            newUsed = target + 1;
        }
        counts = merged;
        offset = newOffset;
        used = newUsed;
        scale -= shift;
    }

    public int scale() {
        return scale;
    }

    public long count() {
        return count;
    }

    public ExponentialHistogramDataPoint.Builder writeTo(ExponentialHistogramDataPoint.Builder point) {
        point.setCount(count).setSum(sum).setScale(scale).setZeroCount(zeroCount);
        ExponentialHistogramDataPoint.Buckets.Builder positive = point.getPositiveBuilder().setOffset(offset);
        for (int i = 0; i < used; i++) {
            positive.addBucketCounts(counts[i]);
        }
        if (count > 0) {
            point.setMin(min).setMax(max);
        }
        return point;
    }
}
