package io.spanvault.server.telemetry;

import io.spanvault.pipeline.prometheus.ExpositionWriter;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Histogram;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.MetricFamily;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Writes {@link Telemetry} in the Prometheus text format 0.0.4, as the collector's {@code /metrics} does:
 * counters are named with {@code _total}, histograms expand to {@code _bucket{le=...}}, {@code _sum} and
 * {@code _count}. Series are sorted by labels so scrapes compare line by line.
 */
public final class PrometheusExposition {
    public static final String CONTENT_TYPE = ExpositionWriter.TEXT_CONTENT_TYPE;

    private PrometheusExposition() {
    }

    public static String write(Telemetry telemetry) {
        ExpositionWriter out = new ExpositionWriter(false);
        for (MetricFamily family : telemetry.families()) {
            writeFamily(out, family);
        }
        return out.finish();
    }

    private static void writeFamily(ExpositionWriter out, MetricFamily family) {
        String name = family.name();
        out.family(name, switch (family.type()) {
            case COUNTER -> ExpositionWriter.Type.COUNTER;
            case GAUGE -> ExpositionWriter.Type.GAUGE;
            case HISTOGRAM -> ExpositionWriter.Type.HISTOGRAM;
        }, family.help());
        for (Map.Entry<Labels, Object> series : sorted(family.series())) {
            Labels labels = series.getKey();
            Object value = series.getValue();
            switch (family.type()) {
                case COUNTER -> out.sample(name + "_total", labels, ((Counter) value).value());
                case GAUGE -> out.sample(name, labels, ((DoubleSupplier) value).getAsDouble());
                case HISTOGRAM -> writeHistogram(out, name, labels, (Histogram) value);
            }
        }
    }

    private static void writeHistogram(ExpositionWriter out, String name, Labels labels, Histogram histogram) {
        double[] bounds = histogram.bounds();
        long[] cumulative = histogram.cumulativeCounts();
        for (int i = 0; i < bounds.length; i++) {
            out.sample(name + "_bucket", labels, "le", ExpositionWriter.number(bounds[i]), cumulative[i], null);
        }
        out.sample(name + "_bucket", labels, "le", "+Inf", cumulative[bounds.length], null);
        out.sample(name + "_sum", labels, histogram.sum());
        // The total of the buckets, not count(): both are read without a lock, and +Inf must equal _count.
        out.sample(name + "_count", labels, cumulative[bounds.length]);
    }

    private static List<Map.Entry<Labels, Object>> sorted(Map<Labels, Object> series) {
        List<Map.Entry<Labels, Object>> entries = new ArrayList<>(series.entrySet());
        entries.sort(Comparator.comparing(e -> e.getKey().namesAndValues().toString()));
        return entries;
    }
}
