package io.spanvault.server.telemetry;

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
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusExposition() {
    }

    public static String write(Telemetry telemetry) {
        StringBuilder out = new StringBuilder(4096);
        for (MetricFamily family : telemetry.families()) {
            writeFamily(out, family);
        }
        return out.toString();
    }

    private static void writeFamily(StringBuilder out, MetricFamily family) {
        String name = family.type() == MetricFamily.Type.COUNTER ? family.name() + "_total" : family.name();
        out.append("# HELP ").append(name).append(' ');
        escapeHelp(out, family.help());
        out.append('\n');
        out.append("# TYPE ").append(name).append(' ')
                .append(family.type().name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        for (Map.Entry<Labels, Object> series : sorted(family.series())) {
            Labels labels = series.getKey();
            Object value = series.getValue();
            switch (family.type()) {
                case COUNTER -> sample(out, name, labels, null, Long.toString(((Counter) value).value()));
                case GAUGE -> sample(out, name, labels, null, number(((DoubleSupplier) value).getAsDouble()));
                case HISTOGRAM -> writeHistogram(out, name, labels, (Histogram) value);
            }
        }
    }

    private static void writeHistogram(StringBuilder out, String name, Labels labels, Histogram histogram) {
        double[] bounds = histogram.bounds();
        long[] cumulative = histogram.cumulativeCounts();
        for (int i = 0; i < bounds.length; i++) {
            sample(out, name + "_bucket", labels, number(bounds[i]), Long.toString(cumulative[i]));
        }
        sample(out, name + "_bucket", labels, "+Inf", Long.toString(cumulative[bounds.length]));
        sample(out, name + "_sum", labels, null, number(histogram.sum()));
        // The total of the buckets, not count(): both are read without a lock, and +Inf must equal _count.
        sample(out, name + "_count", labels, null, Long.toString(cumulative[bounds.length]));
    }

    private static List<Map.Entry<Labels, Object>> sorted(Map<Labels, Object> series) {
        List<Map.Entry<Labels, Object>> entries = new ArrayList<>(series.entrySet());
        entries.sort(Comparator.comparing(e -> e.getKey().namesAndValues().toString()));
        return entries;
    }

    private static void sample(StringBuilder out, String name, Labels labels, String le, String value) {
        out.append(name);
        if (labels.size() > 0 || le != null) {
            out.append('{');
            for (int i = 0; i < labels.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels.name(i)).append("=\"");
                escapeLabelValue(out, labels.value(i));
                out.append('"');
            }
            if (le != null) {
                if (labels.size() > 0) {
                    out.append(',');
                }
                out.append("le=\"").append(le).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    /** Whole numbers without a fraction ({@code 42}, not {@code 42.0}); special values as Prometheus spells them. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void escapeHelp(StringBuilder out, String help) {
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    private static void escapeLabelValue(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
