package io.spanvault.exporter.prometheus;

import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.spanvault.pipeline.prometheus.ExpositionWriter;
import io.spanvault.pipeline.telemetry.Labels;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes the stored families as a scrape answer, mapped as the Collector maps them: a gauge or non-monotonic
 * sum as a gauge, a monotonic sum as a counter, a histogram with cumulative {@code le} buckets, an
 * exponential histogram as a histogram with only its {@code +Inf} bucket, {@code _sum} and {@code _count}
 * (what the text formats can carry of a native histogram), a summary with its quantiles. Exemplars go out in
 * OpenMetrics only.
 */
final class ScrapeWriter {
    private static final HexFormat HEX = HexFormat.of();

    private ScrapeWriter() {
    }

    static String write(List<MetricStore.Family> families, boolean openMetrics) {
        ExpositionWriter out = new ExpositionWriter(openMetrics);
        for (MetricStore.Family family : families) {
            String base = family.shape == MetricStore.Shape.COUNTER && family.name.endsWith("_total")
                    ? family.name.substring(0, family.name.length() - "_total".length()) : family.name;
            out.family(base, type(family.shape), family.help);
            for (Map.Entry<Labels, MetricStore.Series> series : family.series.entrySet()) {
                Labels labels = series.getKey();
                Object point = series.getValue().point;
                switch (family.shape) {
                    case GAUGE -> out.sample(family.name, labels, MetricStore.value((NumberDataPoint) point));
                    case COUNTER -> {
                        NumberDataPoint number = (NumberDataPoint) point;
                        out.sample(base + "_total", labels, null, null, MetricStore.value(number),
                                number.getExemplarsCount() > 0 ? exemplar(number.getExemplars(0)) : null);
                    }
                    case HISTOGRAM -> histogram(out, family.name, labels, (HistogramDataPoint) point);
                    case EXPONENTIAL_HISTOGRAM -> {
                        ExponentialHistogramDataPoint exponential = (ExponentialHistogramDataPoint) point;
                        out.sample(family.name + "_bucket", labels, "le", "+Inf", exponential.getCount(), null);
                        out.sample(family.name + "_sum", labels, exponential.getSum());
                        out.sample(family.name + "_count", labels, exponential.getCount());
                    }
                    case SUMMARY -> summary(out, family.name, labels, (SummaryDataPoint) point);
                }
            }
        }
        return out.finish();
    }

    private static ExpositionWriter.Type type(MetricStore.Shape shape) {
        return switch (shape) {
            case GAUGE -> ExpositionWriter.Type.GAUGE;
            case COUNTER -> ExpositionWriter.Type.COUNTER;
            case HISTOGRAM, EXPONENTIAL_HISTOGRAM -> ExpositionWriter.Type.HISTOGRAM;
            case SUMMARY -> ExpositionWriter.Type.SUMMARY;
        };
    }

    private static void histogram(ExpositionWriter out, String name, Labels labels, HistogramDataPoint point) {
        int bounds = point.getExplicitBoundsCount();
        ExpositionWriter.Exemplar[] exemplars = bucketExemplars(point, bounds);
        long cumulative = 0;
        for (int i = 0; i < bounds; i++) {
            cumulative += i < point.getBucketCountsCount() ? point.getBucketCounts(i) : 0;
            out.sample(name + "_bucket", labels, "le", ExpositionWriter.number(point.getExplicitBounds(i)), cumulative,
                    exemplars[i]);
        }
        out.sample(name + "_bucket", labels, "le", "+Inf", point.getCount(), exemplars[bounds]);
        out.sample(name + "_sum", labels, point.getSum());
        out.sample(name + "_count", labels, point.getCount());
    }

    /** OpenMetrics allows one exemplar per bucket: the first that falls in it. */
    private static ExpositionWriter.Exemplar[] bucketExemplars(HistogramDataPoint point, int bounds) {
        ExpositionWriter.Exemplar[] out = new ExpositionWriter.Exemplar[bounds + 1];
        for (Exemplar exemplar : point.getExemplarsList()) {
            double value = exemplar.hasAsInt() ? exemplar.getAsInt() : exemplar.getAsDouble();
            int bucket = 0;
            while (bucket < bounds && value > point.getExplicitBounds(bucket)) {
                bucket++;
            }
            if (out[bucket] == null) {
                out[bucket] = exemplar(exemplar);
            }
        }
        return out;
    }

    private static ExpositionWriter.Exemplar exemplar(Exemplar exemplar) {
        return new ExpositionWriter.Exemplar(HEX.formatHex(exemplar.getTraceId().toByteArray()),
                HEX.formatHex(exemplar.getSpanId().toByteArray()),
                exemplar.hasAsInt() ? exemplar.getAsInt() : exemplar.getAsDouble(), exemplar.getTimeUnixNano());
    }

    private static void summary(ExpositionWriter out, String name, Labels labels, SummaryDataPoint point) {
        for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
            out.sample(name, labels, "quantile", ExpositionWriter.number(quantile.getQuantile()), quantile.getValue(), null);
        }
        out.sample(name + "_sum", labels, point.getSum());
        out.sample(name + "_count", labels, point.getCount());
    }
}
