package io.spanvault.connector.spanmetrics;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.spanvault.connector.aggregation.ExemplarReservoir;
import io.spanvault.connector.aggregation.ExplicitHistogram;
import io.spanvault.connector.aggregation.ExponentialHistogram;
import java.util.List;

/** The calls and durations of one set of dimension values. Guarded by its connector's lock. */
final class SpanSeries {
    final List<KeyValue> attributes;
    final long startUnixNano;
    final ExplicitHistogram explicit;
    final ExponentialHistogram exponential;
    final ExemplarReservoir exemplars;
    long calls;
    long lastSeenNanos;

    SpanSeries(List<KeyValue> attributes, long startUnixNano, SpanMetricsConfig config, double[] bounds) {
        this.attributes = attributes;
        this.startUnixNano = startUnixNano;
        HistogramConfig histogram = config.histogram();
        this.explicit = histogram.disable() || histogram.isExponential() ? null : new ExplicitHistogram(bounds);
        this.exponential = !histogram.disable() && histogram.isExponential()
                ? new ExponentialHistogram(histogram.maxSize()) : null;
        this.exemplars = config.exemplars().enabled() ? new ExemplarReservoir(config.exemplars().maxPerDataPoint()) : null;
    }

    void record(double duration) {
        calls++;
        if (explicit != null) {
            explicit.record(duration);
        } else if (exponential != null) {
            exponential.record(duration);
        }
    }
}
