package io.spanvault.processor.probabilisticsampler;

import com.google.protobuf.ByteString;

/**
 * The collector's {@code hash_seed} decision: FNV-1a (32 bit) over the seed's four little-endian bytes
 * followed by the trace id; the low 14 bits are a bucket, sampled when below
 * {@code uint32(float32(percentage) * 163.84)}, computed in float32 as Go does. Same trace id and seed,
 * same decision, on every instance and in the Go collector.
 */
final class TraceIdHashSampler {
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int BUCKET_MASK = 0x3FFF;
    private static final float PERCENT_SCALE = 16384 / 100.0f;

    private final int seed;
    private final long acceptBelow;

    TraceIdHashSampler(double samplingPercentage, long hashSeed) {
        float pct = Math.min((float) samplingPercentage, 100f);
        this.seed = (int) hashSeed;
        this.acceptBelow = (long) (pct * PERCENT_SCALE);
    }

    /** Whether no trace is ever sampled (0%, or a percentage that rounds to no bucket). */
    boolean samplesNothing() {
        return acceptBelow == 0;
    }

    boolean sampled(ByteString traceId) {
        return (hash(traceId) & BUCKET_MASK) < acceptBelow;
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
