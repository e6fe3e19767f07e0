package io.spanvault.storage.memory;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.Objects;

/**
 * Config of a {@code memory} backend: traces on the heap, lost when the process stops. Both bounds hold at once;
 * past either, the traces stored first are dropped whole (Jaeger's memory store bounds only the trace count,
 * which does not bound the memory when traces differ in size).
 *
 * @param maxSpans the most spans kept; default 1,000,000
 * @param maxBytes the most bytes of encoded spans (with their resources and scopes) kept; default 256 MiB
 */
public record MemoryStoreConfig(Long maxSpans, Long maxBytes) {
    public static final long DEFAULT_MAX_SPANS = 1_000_000;
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    public MemoryStoreConfig {
        maxSpans = Objects.requireNonNullElse(maxSpans, DEFAULT_MAX_SPANS);
        maxBytes = Objects.requireNonNullElse(maxBytes, DEFAULT_MAX_BYTES);
        if (maxSpans < 1) {
            throw new InvalidConfigException("max_spans", "must be at least 1, got " + maxSpans);
        }
        if (maxBytes < 1) {
            throw new InvalidConfigException("max_bytes", "must be at least 1, got " + maxBytes);
        }
    }

    public static MemoryStoreConfig defaults() {
        return new MemoryStoreConfig(null, null);
    }
}
