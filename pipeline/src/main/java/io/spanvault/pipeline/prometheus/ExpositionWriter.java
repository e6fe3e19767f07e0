package io.spanvault.pipeline.prometheus;

import io.spanvault.pipeline.telemetry.Labels;

/**
 * Writes metric families in the Prometheus text format 0.0.4 or in OpenMetrics 1.0, which differ in how a
 * counter family is named ({@code foo_total} in the header of the text format, {@code foo} in OpenMetrics),
 * in exemplars (OpenMetrics only) and in the closing {@code # EOF}. Shared by the self-metrics endpoint and
 * the {@code prometheus} exporter, so both speak one dialect.
 */
public final class ExpositionWriter {
    public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** How a family is exposed; the name is the {@code # TYPE} keyword. */
    public enum Type {
        COUNTER("counter"), GAUGE("gauge"), HISTOGRAM("histogram"), SUMMARY("summary"), UNTYPED("untyped");

        private final String keyword;

        Type(String keyword) {
            this.keyword = keyword;
        }
    }

    /** An exemplar: a trace and span a sample came from, written after the sample in OpenMetrics. */
    public record Exemplar(String traceId, String spanId, double value, long timeUnixNano) {
    }

    private final StringBuilder out = new StringBuilder(4096);
    private final boolean openMetrics;

    public ExpositionWriter(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** OpenMetrics when the client's {@code Accept} header asks for it, as Prometheus does when scraping. */
    public static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }

    public boolean openMetrics() {
        return openMetrics;
    }

    public String contentType() {
        return openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE;
    }

    /**
     * Starts a family. {@code name} is without a counter's {@code _total}; samples of a counter are then
     * written as {@code name + "_total"}.
     */
    public void family(String name, Type type, String help) {
        String header = type == Type.COUNTER && !openMetrics ? name + "_total" : name;
        String keyword = type == Type.UNTYPED && openMetrics ? "unknown" : type.keyword;
        if (!help.isEmpty()) {
            out.append("# HELP ").append(header).append(' ');
            escape(help, false);
            out.append('\n');
        }
        out.append("# TYPE ").append(header).append(' ').append(keyword).append('\n');
    }

    public void sample(String name, Labels labels, double value) {
        sample(name, labels, null, null, value, null);
    }

    /**
     * One sample line; {@code extraName}/{@code extraValue} is one more label after {@code labels} (a bucket's
     * {@code le}, a quantile), and {@code exemplar} is written only in OpenMetrics.
     */
    public void sample(String name, Labels labels, String extraName, String extraValue, double value, Exemplar exemplar) {
        out.append(name);
        if (labels.size() > 0 || extraName != null) {
            out.append('{');
            for (int i = 0; i < labels.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                label(labels.name(i), labels.value(i));
            }
            if (extraName != null) {
                if (labels.size() > 0) {
                    out.append(',');
                }
                label(extraName, extraValue);
            }
            out.append('}');
        }
        out.append(' ').append(number(value));
        if (exemplar != null && openMetrics) {
            out.append(" # {trace_id=\"").append(exemplar.traceId()).append("\",span_id=\"").append(exemplar.spanId())
                    .append("\"} ").append(number(exemplar.value()));
            if (exemplar.timeUnixNano() > 0) {
                out.append(' ').append(seconds(exemplar.timeUnixNano()));
            }
        }
        out.append('\n');
    }

    /** The exposition; OpenMetrics closes it with {@code # EOF}. */
    public String finish() {
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    private void label(String name, String value) {
        out.append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    /** Whole numbers without a fraction ({@code 42}, not {@code 42.0}); special values as Prometheus spells them. */
    public static String number(double value) {
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

    private static String seconds(long unixNano) {
        return (unixNano / 1_000_000_000L) + "." + String.format(java.util.Locale.ROOT, "%09d", unixNano % 1_000_000_000L);
    }

    private void escape(String text, boolean quote) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
