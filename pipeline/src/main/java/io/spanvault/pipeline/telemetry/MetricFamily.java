package io.spanvault.pipeline.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All series of one metric name. Series values are {@link Counter}, {@link Histogram}, or a
 * {@link java.util.function.DoubleSupplier} for gauges read when scraped.
 */
public final class MetricFamily {
    /** How the family is exposed. */
    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    private final String name;
    private final String help;
    private final Type type;
    private final Map<Labels, Object> series = new ConcurrentHashMap<>();

    MetricFamily(String name, String help, Type type) {
        this.name = name;
        this.help = help;
        this.type = type;
    }

    /** The name without Prometheus' {@code _total} suffix, e.g. {@code otelcol_receiver_accepted_spans}. */
    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    public Type type() {
        return type;
    }

    /** Series by labels, read-only; it may grow while it is read. */
    public Map<Labels, Object> series() {
        return java.util.Collections.unmodifiableMap(series);
    }

    Map<Labels, Object> mutableSeries() {
        return series;
    }
}
