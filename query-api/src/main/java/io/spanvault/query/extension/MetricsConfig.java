package io.spanvault.query.extension;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on the service-health metrics ({@code /api/metrics/*}), which are computed from stored spans per
 * request.
 *
 * @param maxLookback the longest window one request may cover ({@code 48h}, Jaeger UI's longest)
 * @param maxSpans    the most spans one request reads (10,000,000); past it, only the newest part of the window
 *                    that was read completely is answered
 */
public record MetricsConfig(Duration maxLookback, Long maxSpans) {
    public static final Duration DEFAULT_MAX_LOOKBACK = Duration.ofHours(48);
    public static final long DEFAULT_MAX_SPANS = 10_000_000L;

    public MetricsConfig {
        maxLookback = Objects.requireNonNullElse(maxLookback, DEFAULT_MAX_LOOKBACK);
        maxSpans = Objects.requireNonNullElse(maxSpans, DEFAULT_MAX_SPANS);
        if (maxLookback.isNegative() || maxLookback.isZero()) {
            throw new InvalidConfigException("metrics.max_lookback", "must be positive, got " + maxLookback);
        }
        if (maxSpans <= 0) {
            throw new InvalidConfigException("metrics.max_spans", "must be positive, got " + maxSpans);
        }
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(null, null);
    }
}
