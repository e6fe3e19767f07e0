package io.spanvault.pipeline.telemetry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The service's own metrics. Components register series once (at creation) and then update them
 * lock-free; the metrics endpoint reads {@link #families()}. Asking twice for the same name and labels
 * returns the same series.
 */
public final class Telemetry {
    private final Map<String, MetricFamily> families = new ConcurrentHashMap<>();

    public Counter counter(String name, String help, Labels labels) {
        return (Counter) family(name, help, MetricFamily.Type.COUNTER).mutableSeries()
                .computeIfAbsent(labels, l -> new Counter());
    }

    /** A value read when scraped; registering the same labels again replaces the supplier. */
    public void gauge(String name, String help, Labels labels, DoubleSupplier value) {
        family(name, help, MetricFamily.Type.GAUGE).mutableSeries().put(labels, value);
    }

    public Histogram histogram(String name, String help, Labels labels, double... bounds) {
        return (Histogram) family(name, help, MetricFamily.Type.HISTOGRAM).mutableSeries()
                .computeIfAbsent(labels, l -> new Histogram(bounds));
    }

    /** Every family, sorted by name. */
    public List<MetricFamily> families() {
        List<MetricFamily> out = new ArrayList<>(families.values());
        out.sort(Comparator.comparing(MetricFamily::name));
        return out;
    }

    private MetricFamily family(String name, String help, MetricFamily.Type type) {
        MetricFamily family = families.computeIfAbsent(name, n -> new MetricFamily(n, help, type));
        if (family.type() != type) {
            throw new IllegalArgumentException("metric " + name + " is a " + family.type() + ", not a " + type);
        }
        return family;
    }
}
