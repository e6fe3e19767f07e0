package io.spanvault.query.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Shares one scan among the requests of one Monitor page: Jaeger UI asks for three latency quantiles, call
 * rates and error rates of the same window at once, and again grouped by operation. A window's aggregate is
 * kept for {@link #TTL}; concurrent requests for a window being computed wait for that computation.
 */
final class RedAggregateCache {
    static final Duration TTL = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 8;

    private record Entry(CompletableFuture<RedAggregate> aggregate, Instant created) {
    }

    private final Clock clock;
    private final Map<RedWindow, Entry> entries = new LinkedHashMap<>();

    RedAggregateCache(Clock clock) {
        this.clock = clock;
    }

    RedAggregate get(RedWindow window, Function<RedWindow, RedAggregate> compute) {
        CompletableFuture<RedAggregate> mine = new CompletableFuture<>();
        CompletableFuture<RedAggregate> shared;
        synchronized (entries) {
            evictExpired();
            Entry e = entries.get(window);
            if (e == null) {
                entries.put(window, new Entry(mine, clock.instant()));
                if (entries.size() > MAX_ENTRIES) {
                    Iterator<RedWindow> oldest = entries.keySet().iterator();
                    oldest.next();
                    oldest.remove();
                }
                shared = null;
            } else {
                shared = e.aggregate();
            }
        }
        if (shared != null) {
            return shared.join();
        }
        try {
            RedAggregate a = compute.apply(window);
            mine.complete(a);
            return a;
        } catch (RuntimeException | Error e) {
            synchronized (entries) {
                entries.remove(window);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private void evictExpired() {
        Instant oldest = clock.instant().minus(TTL);
        entries.values().removeIf(e -> e.created().isBefore(oldest));
    }
}
