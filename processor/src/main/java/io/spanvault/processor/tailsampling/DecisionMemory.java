package io.spanvault.processor.tailsampling;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions kept after a trace's spans left memory, so that late spans follow them: the last
 * {@code num_traces} decisions (as the collector keeps decided traces in its buffer), then the
 * {@code decision_cache} LRUs of sampled and not sampled trace ids. Ids only, never spans. Not thread-safe:
 * used under the processor's lock.
 */
final class DecisionMemory {
    /** A remembered decision; {@code fromCache} tells the LRUs (the collector's early releases) from recent ones. */
    record Remembered(boolean sampled, long decidedNanos, boolean fromCache) {
    }

    private record Recent(boolean sampled, long decidedNanos) {
    }

    private final Map<ByteString, Recent> recent;
    private final Map<ByteString, Boolean> sampled;
    private final Map<ByteString, Boolean> notSampled;

    DecisionMemory(int recentSize, int sampledSize, int notSampledSize) {
        recent = bounded(recentSize, false);
        sampled = bounded(sampledSize, true);
        notSampled = bounded(notSampledSize, true);
    }

    private static <V> Map<ByteString, V> bounded(int size, boolean accessOrder) {
        return new LinkedHashMap<>(Math.min(size, 1024), 0.75f, accessOrder) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteString, V> eldest) {
                return size() > size;
            }
        };
    }

    void remember(ByteString traceId, boolean wasSampled, long nowNanos) {
        recent.put(traceId, new Recent(wasSampled, nowNanos));
        if (wasSampled) {
            put(sampled, traceId);
        } else {
            put(notSampled, traceId);
        }
    }

    private static void put(Map<ByteString, Boolean> cache, ByteString traceId) {
        cache.put(traceId, Boolean.TRUE);
    }

    /** The decision for a trace, or null when none is remembered. */
    Remembered lookup(ByteString traceId) {
        Recent r = recent.get(traceId);
        if (r != null) {
            return new Remembered(r.sampled(), r.decidedNanos(), false);
        }
        if (sampled.get(traceId) != null) {
            return new Remembered(true, 0, true);
        }
        if (notSampled.get(traceId) != null) {
            return new Remembered(false, 0, true);
        }
        return null;
    }
}
