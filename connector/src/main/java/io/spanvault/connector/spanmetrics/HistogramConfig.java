package io.spanvault.connector.spanmetrics;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.List;

/**
 * {@code histogram}: {@code explicit} buckets (the default) or {@code exponential}, never both; the duration
 * {@code unit} {@code ms} (default) or {@code s}; {@code disable} drops the duration metric.
 */
public record HistogramConfig(Boolean disable, String unit, Explicit explicit, Exponential exponential) {
    /** The Collector's default buckets: 2ms … 15s. */
    static final List<Duration> DEFAULT_BUCKETS = List.of(Duration.ofMillis(2), Duration.ofMillis(4),
            Duration.ofMillis(6), Duration.ofMillis(8), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
            Duration.ofSeconds(1), Duration.ofMillis(1400), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(15));

    /** {@code explicit.buckets}: the upper bounds as durations, increasing. */
    public record Explicit(List<Duration> buckets) {
        public Explicit {
            buckets = buckets == null ? DEFAULT_BUCKETS : List.copyOf(buckets);
            for (int i = 1; i < buckets.size(); i++) {
                if (buckets.get(i).compareTo(buckets.get(i - 1)) <= 0) {
                    throw new InvalidConfigException("buckets", "must increase, but " + buckets.get(i) + " follows "
                            + buckets.get(i - 1));
                }
            }
        }
    }

    /** {@code exponential.max_size}: buckets per histogram before it halves its resolution; default 160. */
    public record Exponential(Integer maxSize) {
        public Exponential {
            maxSize = maxSize == null ? 160 : maxSize;
            if (maxSize < 2) {
                throw new InvalidConfigException("max_size", "must be at least 2, got " + maxSize);
            }
        }
    }

    public HistogramConfig {
        disable = disable != null && disable;
        unit = unit == null ? "ms" : unit;
        if (!unit.equals("ms") && !unit.equals("s")) {
            throw new InvalidConfigException("unit", "'" + unit + "' is not supported; use ms or s");
        }
        if (explicit != null && exponential != null) {
            throw new InvalidConfigException("", "use either `explicit` or `exponential` buckets histogram");
        }
    }

    boolean isExponential() {
        return exponential != null;
    }

    /** Durations in nanoseconds divided by this give values in {@link #unit}. */
    double nanosPerUnit() {
        return unit.equals("s") ? 1e9 : 1e6;
    }

    double[] bounds() {
        List<Duration> buckets = explicit == null ? DEFAULT_BUCKETS : explicit.buckets();
        double[] bounds = new double[buckets.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = buckets.get(i).toNanos() / nanosPerUnit();
        }
        return bounds;
    }

    int maxSize() {
        return exponential.maxSize();
    }
}
