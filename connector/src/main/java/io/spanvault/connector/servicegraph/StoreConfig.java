package io.spanvault.connector.servicegraph;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.Objects;

/** {@code store}: how long half an edge waits for its other side ({@code ttl}, 2s) and how many wait at once ({@code max_items}, 1000). */
public record StoreConfig(Duration ttl, Integer maxItems) {
    public StoreConfig {
        ttl = Objects.requireNonNullElse(ttl, Duration.ofSeconds(2));
        maxItems = Objects.requireNonNullElse(maxItems, 1000);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new InvalidConfigException("ttl", "must be positive, got " + ttl);
        }
        if (maxItems < 1) {
            throw new InvalidConfigException("max_items", "must be at least 1, got " + maxItems);
        }
    }
}
