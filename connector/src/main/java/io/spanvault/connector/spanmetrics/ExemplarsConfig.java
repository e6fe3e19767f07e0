package io.spanvault.connector.spanmetrics;

import io.spanvault.pipeline.config.InvalidConfigException;

/** {@code exemplars}: when {@code enabled}, up to {@code max_per_data_point} spans (default 5) per point and flush. */
public record ExemplarsConfig(Boolean enabled, Integer maxPerDataPoint) {
    public ExemplarsConfig {
        enabled = enabled != null && enabled;
        maxPerDataPoint = maxPerDataPoint == null ? 5 : maxPerDataPoint;
        if (maxPerDataPoint < 1) {
            throw new InvalidConfigException("max_per_data_point", "must be at least 1, got " + maxPerDataPoint);
        }
    }
}
