package io.spanvault.processor.probabilisticsampler;

import com.google.protobuf.ByteString;

/**
 * The collector's {@code hash_seed} decision: FNV-1a (32 bit) over the seed's four little-endian bytes
 * followed by the trace id; the low 14 bits are a bucket, sampled when below
 * {@code uint32(float32(percentage) * 163.84)}, computed in float32 as Go does. Like the collector, the
 * bucket is expressed as OpenTelemetry 56-bit randomness and the percentage as a rejection threshold
 * (sampled when randomness ≥ threshold), which is what it writes as {@code rv} and {@code th}.
 */
final class TraceIdHashSampler {
    /** The threshold that samples everything. */
    static final long ALWAYS = 0;
    /** The threshold that samples nothing. */
    static final long NEVER = 1L << 56;
    /** The randomness used when there is none (an all-zero trace id): sampled at every threshold but NEVER. */
    static final long ANY_RANDOMNESS = NEVER - 1;

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int BUCKETS = 0x4000;
    private static final float PERCENT_SCALE = BUCKETS / 100.0f;

    private final int seed;
    private final long threshold;

    TraceIdHashSampler(double samplingPercentage, long hashSeed) {
        float pct = Math.min((float) samplingPercentage, 100f);
        long accept = (long) (pct * PERCENT_SCALE);
        this.seed = (int) hashSeed;
        this.threshold = accept == 0 ? NEVER : (BUCKETS - accept) << 42;
    }

    /** Whether no trace is ever sampled (0%, or a percentage that rounds to no bucket). */
    boolean samplesNothing() {
        return threshold == NEVER;
    }

    long threshold() {
        return threshold;
    }

    boolean sampled(ByteString traceId) {
        return randomness(traceId) >= threshold;
    }

    /**
     * The 56-bit randomness of a trace id: the inverted bucket in the top 14 bits (so that randomness ≥
     * threshold exactly when bucket &lt; accepted buckets), the hash's other bits mixed below it.
     */
    long randomness(ByteString traceId) {
        int h = hash(traceId);
        long bucket = h & (BUCKETS - 1);
        long unused = (h >>> 18) & (BUCKETS - 1);
        long mixed = unused ^ (unused << 10);
        return ((BUCKETS - 1 - bucket) << 42) | (mixed << 14) | bucket;
    }

    int hash(ByteString traceId) {
        int h = FNV_OFFSET;
        for (int i = 0; i < 4; i++) {
            h = (h ^ ((seed >>> (8 * i)) & 0xff)) * FNV_PRIME;
        }
        for (int i = 0, n = traceId.size(); i < n; i++) {
            h = (h ^ (traceId.byteAt(i) & 0xff)) * FNV_PRIME;
        }
        return h;
    }
}
