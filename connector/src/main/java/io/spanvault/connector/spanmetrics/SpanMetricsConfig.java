package io.spanvault.connector.spanmetrics;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code spanmetrics} connector's config, keyed as the Collector's.
 *
 * @param histogram                   the duration histogram: explicit (default buckets 2ms … 15s) or exponential
 * @param dimensions                  extra dimensions after {@code service.name}, {@code span.name}, {@code span.kind}
 *                                    and {@code status.code}
 * @param excludeDimensions           default dimensions to leave out
 * @param aggregationTemporality      {@code AGGREGATION_TEMPORALITY_CUMULATIVE} (default) or {@code _DELTA}
 * @param namespace                   prefix of the metric names; default {@code traces.span.metrics}
 * @param metricsFlushInterval        how often the metrics are emitted; default 60s
 * @param metricsExpiration           cumulative series not updated for this long are dropped; 0 (default) keeps them
 * @param exemplars                   spans attached to the points as exemplars
 * @param aggregationCardinalityLimit series kept at most (0, the default: no bound); spans of further series
 *                                    are counted in one series with {@code otel.metric.overflow=true}
 */
public record SpanMetricsConfig(HistogramConfig histogram, List<DimensionConfig> dimensions,
        List<String> excludeDimensions, String aggregationTemporality, String namespace,
        Duration metricsFlushInterval, Duration metricsExpiration, ExemplarsConfig exemplars,
        Integer aggregationCardinalityLimit) {

    static final String CUMULATIVE = "AGGREGATION_TEMPORALITY_CUMULATIVE";
    static final String DELTA = "AGGREGATION_TEMPORALITY_DELTA";
    static final List<String> DEFAULT_DIMENSIONS = List.of("service.name", "span.name", "span.kind", "status.code");

    public SpanMetricsConfig {
        histogram = Objects.requireNonNullElseGet(histogram, () -> new HistogramConfig(null, null, null, null));
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        excludeDimensions = excludeDimensions == null ? List.of() : List.copyOf(excludeDimensions);
        aggregationTemporality = Objects.requireNonNullElse(aggregationTemporality, CUMULATIVE);
        namespace = Objects.requireNonNullElse(namespace, "traces.span.metrics");
        metricsFlushInterval = Objects.requireNonNullElse(metricsFlushInterval, Duration.ofSeconds(60));
        metricsExpiration = Objects.requireNonNullElse(metricsExpiration, Duration.ZERO);
        exemplars = Objects.requireNonNullElseGet(exemplars, () -> new ExemplarsConfig(null, null));
        aggregationCardinalityLimit = Objects.requireNonNullElse(aggregationCardinalityLimit, 0);
        if (!aggregationTemporality.equals(CUMULATIVE) && !aggregationTemporality.equals(DELTA)) {
            throw new InvalidConfigException("aggregation_temporality", "'" + aggregationTemporality
                    + "' is not one of " + CUMULATIVE + ", " + DELTA);
        }
        if (metricsFlushInterval.isNegative() || metricsFlushInterval.isZero()) {
            throw new InvalidConfigException("metrics_flush_interval", "must be positive, got " + metricsFlushInterval);
        }
        if (metricsExpiration.isNegative()) {
            throw new InvalidConfigException("metrics_expiration", "must not be negative");
        }
        if (aggregationCardinalityLimit < 0) {
            throw new InvalidConfigException("aggregation_cardinality_limit", "must not be negative, got "
                    + aggregationCardinalityLimit);
        }
        Set<String> names = new HashSet<>(DEFAULT_DIMENSIONS);
        for (DimensionConfig dimension : dimensions) {
            if (!names.add(dimension.name())) {
                throw new InvalidConfigException("dimensions", "duplicate dimension name " + dimension.name());
            }
        }
        for (String excluded : excludeDimensions) {
            if (!DEFAULT_DIMENSIONS.contains(excluded)) {
                throw new InvalidConfigException("exclude_dimensions", "'" + excluded + "' is not a default dimension ("
                        + String.join(", ", DEFAULT_DIMENSIONS) + ")");
            }
        }
    }

    boolean delta() {
        return aggregationTemporality.equals(DELTA);
    }

    /** A metric name under the namespace, e.g. {@code traces.span.metrics.calls}. */
    String metricName(String name) {
        return namespace.isEmpty() ? name : namespace + "." + name;
    }
}
