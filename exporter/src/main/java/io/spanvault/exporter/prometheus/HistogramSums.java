package io.spanvault.exporter.prometheus;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;

/**
 * Adds a delta histogram point to the cumulative point kept so far. Points whose buckets do not line up
 * (other bounds, another scale) cannot be added: the newer one replaces the sum, as a counter reset would.
 */
final class HistogramSums {
    private HistogramSums() {
    }

    static HistogramDataPoint add(HistogramDataPoint total, HistogramDataPoint delta) {
        if (!total.getExplicitBoundsList().equals(delta.getExplicitBoundsList())
                || total.getBucketCountsCount() != delta.getBucketCountsCount()) {
            return delta;
        }
        HistogramDataPoint.Builder sum = delta.toBuilder().setStartTimeUnixNano(total.getStartTimeUnixNano())
                .setCount(total.getCount() + delta.getCount()).setSum(total.getSum() + delta.getSum())
                .clearBucketCounts();
        for (int i = 0; i < delta.getBucketCountsCount(); i++) {
            sum.addBucketCounts(total.getBucketCounts(i) + delta.getBucketCounts(i));
        }
        if (total.hasMin() && delta.hasMin()) {
            sum.setMin(Math.min(total.getMin(), delta.getMin()));
        }
        if (total.hasMax() && delta.hasMax()) {
            sum.setMax(Math.max(total.getMax(), delta.getMax()));
        }
        return sum.build();
    }

    static ExponentialHistogramDataPoint add(ExponentialHistogramDataPoint total, ExponentialHistogramDataPoint delta) {
        if (total.getScale() != delta.getScale()) {
            return delta;
        }
        ExponentialHistogramDataPoint.Builder sum = delta.toBuilder().setStartTimeUnixNano(total.getStartTimeUnixNano())
                .setCount(total.getCount() + delta.getCount()).setSum(total.getSum() + delta.getSum())
                .setZeroCount(total.getZeroCount() + delta.getZeroCount());
        sum.setPositive(add(total.getPositive(), delta.getPositive()));
        sum.setNegative(add(total.getNegative(), delta.getNegative()));
        return sum.build();
    }

    private static ExponentialHistogramDataPoint.Buckets add(ExponentialHistogramDataPoint.Buckets a,
            ExponentialHistogramDataPoint.Buckets b) {
        if (a.getBucketCountsCount() == 0) {
            return b;
        }
        if (b.getBucketCountsCount() == 0) {
            return a;
        }
        int low = Math.min(a.getOffset(), b.getOffset());
        int high = Math.max(a.getOffset() + a.getBucketCountsCount(), b.getOffset() + b.getBucketCountsCount());
        long[] counts = new long[high - low];
        for (int i = 0; i < a.getBucketCountsCount(); i++) {
            counts[a.getOffset() - low + i] += a.getBucketCounts(i);
        }
        for (int i = 0; i < b.getBucketCountsCount(); i++) {
            counts[b.getOffset() - low + i] += b.getBucketCounts(i);
        }
        ExponentialHistogramDataPoint.Buckets.Builder out = ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(low);
        for (long c : counts) {
            out.addBucketCounts(c);
        }
        return out.build();
    }
}
