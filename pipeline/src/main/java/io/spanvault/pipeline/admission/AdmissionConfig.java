package io.spanvault.pipeline.admission;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * A receiver's {@code admission} section: how much memory its requests in flight may hold, counted before
 * decoding from the bytes received and an estimate of what decoding them makes.
 *
 * @param requestLimitMib    the bytes all requests in flight may hold at once, received (compressed and
 *                           inflated) and estimated decoded, in MiB; default a quarter of the JVM's maximum
 *                           heap (at least 8 MiB). Past it requests are answered 429 / RESOURCE_EXHAUSTED with a
 *                           retry delay, never decoded.
 * @param maxExpansionRatio  the largest estimated decoded size of one request as a multiple of its size on the
 *                           wire (after TLS, before inflating); default 1000. Ordinary OTLP, even gzip'd, stays
 *                           far below it; a decompression bomb (20 KB of gzip'd empty messages, decoding to
 *                           ~660 MB) is far above.
 */
public record AdmissionConfig(Integer requestLimitMib, Integer maxExpansionRatio) {
    public static final int DEFAULT_MAX_EXPANSION_RATIO = 1000;
    private static final int SMALLEST_DEFAULT_MIB = 8;
    private static final int LARGEST_MIB = Integer.MAX_VALUE >> 1;

    public AdmissionConfig {
        if (requestLimitMib == null) {
            requestLimitMib = defaultRequestLimitMib();
        }
        if (requestLimitMib <= 0 || requestLimitMib > LARGEST_MIB) {
            throw new InvalidConfigException("request_limit_mib",
                    "must be between 1 and " + LARGEST_MIB + ", got " + requestLimitMib);
        }
        if (maxExpansionRatio == null) {
            maxExpansionRatio = DEFAULT_MAX_EXPANSION_RATIO;
        }
        if (maxExpansionRatio <= 0) {
            throw new InvalidConfigException("max_expansion_ratio", "must be at least 1, got " + maxExpansionRatio);
        }
    }

    public static AdmissionConfig defaults() {
        return new AdmissionConfig(null, null);
    }

    public long requestLimitBytes() {
        return (long) requestLimitMib << 20;
    }

    /** A quarter of the heap leaves the rest to the pipeline (batches, queues) and the JVM's own headroom. */
    private static int defaultRequestLimitMib() {
        long maxHeapMib = Runtime.getRuntime().maxMemory() >> 20;
        return (int) Math.max(SMALLEST_DEFAULT_MIB, Math.min(LARGEST_MIB, maxHeapMib / 4));
    }
}
