package io.spanvault.query.metrics;

/**
 * Span durations counted in logarithmic bins 2% wide, so any quantile is known to within 1% of the true value
 * whatever the number of spans, in memory that depends only on the spread of the durations. Bins are kept
 * for the range of durations seen, grown when a new duration falls outside it.
 */
final class LatencyHistogram {
    private static final double GAMMA = 1.02;
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Durations under 1 µs share the first bin. */
    private static final long MIN_NANOS = 1_000;

    private int offset;
    private int[] counts;
    private long total;

    void add(long durationNanos) {
        put(bin(durationNanos), 1);
    }

    void addAll(LatencyHistogram other) {
        if (other.counts == null) {
            return;
        }
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] != 0) {
                put(other.offset + i, other.counts[i]);
            }
        }
    }

    private void put(int bin, int n) {
        if (counts == null) {
            offset = bin;
            counts = new int[8];
        } else if (bin < offset || bin >= offset + counts.length) {
            grow(bin);
        }
        counts[bin - offset] += n;
        total += n;
    }

    /** Takes away the durations of {@code other}, which were all added to this one before. */
    void removeAll(LatencyHistogram other) {
        if (other.counts == null) {
            return;
        }
        for (int i = 0; i < other.counts.length; i++) {
            int n = other.counts[i];
            if (n != 0) {
                counts[other.offset + i - offset] -= n;
                total -= n;
            }
        }
    }

    long count() {
        return total;
    }

    /** The {@code q}-quantile (0 to 1) in milliseconds, or NaN without durations. */
    double quantileMillis(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return value(offset + i) / 1e6;
            }
        }
        return value(offset + counts.length - 1) / 1e6;
    }

    private static int bin(long nanos) {
        return (int) Math.floor(Math.log((double) Math.max(nanos, MIN_NANOS) / MIN_NANOS) / LOG_GAMMA);
    }

    /** The geometric middle of a bin, in nanoseconds. */
    private static double value(int bin) {
        return MIN_NANOS * Math.pow(GAMMA, bin + 0.5);
    }

    private void grow(int bin) {
        int low = Math.min(bin, offset);
        int high = Math.max(bin, offset + counts.length - 1);
        int[] grown = new int[Math.max(high - low + 1, counts.length + counts.length / 2)];
        System.arraycopy(counts, 0, grown, offset - low, counts.length);
        counts = grown;
        offset = low;
    }
}
