package io.spanvault.exporter.prometheus;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.spanvault.pipeline.otlp.Attributes;
import io.spanvault.pipeline.telemetry.Labels;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The latest value of every series, as the Collector's prometheus exporter accumulates them: cumulative
 * points replace the previous one, delta sums and histograms are added up into a cumulative value, delta
 * non-monotonic sums (which cannot be added up meaningfully) are dropped. Series not updated within the
 * expiration are forgotten. Also keeps one {@code target_info} series per resource.
 */
final class MetricStore {
    /** How a family is exposed. */
    enum Shape { GAUGE, COUNTER, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY }

    /** One metric family: every series of one Prometheus name. */
    static final class Family {
        final String name;
        final Shape shape;
        final String help;
        final Map<Labels, Series> series = new TreeMap<>((a, b) -> a.namesAndValues().toString()
                .compareTo(b.namesAndValues().toString()));

        Family(String name, Shape shape, String help) {
            this.name = name;
            this.shape = shape;
            this.help = help;
        }
    }

    /** The current point of a series (a NumberDataPoint, HistogramDataPoint, ExponentialHistogramDataPoint or SummaryDataPoint). */
    static final class Series {
        Object point;
        long updatedNanos;

        Series(Object point, long updatedNanos) {
            this.point = point;
            this.updatedNanos = updatedNanos;
        }
    }

    static final String TARGET_INFO = "target_info";
    private static final Set<String> IDENTIFYING = Set.of("service.name", "service.namespace", "service.instance.id");

    private final PrometheusExporterConfig config;
    private final LongSupplier nanoTime;
    private final Map<String, Family> families = new TreeMap<>();

    MetricStore(PrometheusExporterConfig config, LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
    }

    synchronized void accept(ExportMetricsServiceRequest request) {
        long now = nanoTime.getAsLong();
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            Resource resource = resourceMetrics.getResource();
            targetInfo(resource, now);
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    accept(metric, resource, scopeMetrics.getScope(), now);
                }
            }
        }
    }

    private void accept(Metric metric, Resource resource, InstrumentationScope scope, long now) {
        String unit = metric.getUnit();
        String help = metric.getDescription();
        String ns = config.namespace();
        switch (metric.getDataCase()) {
            case GAUGE -> {
                Family family = family(PrometheusNames.metric(metric.getName(), unit, PrometheusNames.Kind.GAUGE, ns),
                        Shape.GAUGE, help);
                for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
                    put(family, labels(point.getAttributesList(), resource, scope), point, now);
                }
            }
            case SUM -> {
                boolean monotonic = metric.getSum().getIsMonotonic();
                boolean delta = metric.getSum().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                if (delta && !monotonic) {
                    return;
                }
                Family family = family(PrometheusNames.metric(metric.getName(), unit,
                        monotonic ? PrometheusNames.Kind.COUNTER : PrometheusNames.Kind.GAUGE, ns),
                        monotonic ? Shape.COUNTER : Shape.GAUGE, help);
                for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
                    Labels labels = labels(point.getAttributesList(), resource, scope);
                    Series previous = family == null ? null : family.series.get(labels);
                    put(family, labels, delta && previous != null ? addSums((NumberDataPoint) previous.point, point) : point, now);
                }
            }
            case HISTOGRAM -> {
                boolean delta = metric.getHistogram().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                Family family = family(PrometheusNames.metric(metric.getName(), unit, PrometheusNames.Kind.OTHER, ns),
                        Shape.HISTOGRAM, help);
                for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
                    Labels labels = labels(point.getAttributesList(), resource, scope);
                    Series previous = family == null ? null : family.series.get(labels);
                    put(family, labels, delta && previous != null
                            ? HistogramSums.add((HistogramDataPoint) previous.point, point) : point, now);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                boolean delta = metric.getExponentialHistogram().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                Family family = family(PrometheusNames.metric(metric.getName(), unit, PrometheusNames.Kind.OTHER, ns),
                        Shape.EXPONENTIAL_HISTOGRAM, help);
                for (ExponentialHistogramDataPoint point : metric.getExponentialHistogram().getDataPointsList()) {
                    Labels labels = labels(point.getAttributesList(), resource, scope);
                    Series previous = family == null ? null : family.series.get(labels);
                    put(family, labels, delta && previous != null
                            ? HistogramSums.add((ExponentialHistogramDataPoint) previous.point, point) : point, now);
                }
            }
            case SUMMARY -> {
                Family family = family(PrometheusNames.metric(metric.getName(), unit, PrometheusNames.Kind.OTHER, ns),
                        Shape.SUMMARY, help);
                for (SummaryDataPoint point : metric.getSummary().getDataPointsList()) {
                    put(family, labels(point.getAttributesList(), resource, scope), point, now);
                }
            }
            default -> {
            }
        }
    }

    private static NumberDataPoint addSums(NumberDataPoint previous, NumberDataPoint delta) {
        NumberDataPoint.Builder sum = delta.toBuilder().setStartTimeUnixNano(previous.getStartTimeUnixNano());
        if (previous.hasAsInt() && delta.hasAsInt()) {
            return sum.setAsInt(previous.getAsInt() + delta.getAsInt()).build();
        }
        return sum.setAsDouble(value(previous) + value(delta)).build();
    }

    static double value(NumberDataPoint point) {
        return point.hasAsInt() ? point.getAsInt() : point.getAsDouble();
    }

    /** The family of that name, or null when the name is taken by a family of another shape (that metric is dropped). */
    private Family family(String name, Shape shape, String help) {
        Family family = families.computeIfAbsent(name, n -> new Family(n, shape, help));
        return family.shape == shape ? family : null;
    }

    private static void put(Family family, Labels labels, Object point, long now) {
        if (family == null) {
            return;
        }
        Series series = family.series.get(labels);
        if (series == null) {
            family.series.put(labels, new Series(point, now));
        } else {
            series.point = point;
            series.updatedNanos = now;
        }
    }

    /** A resource with attributes beyond the identifying ones gets a {@code target_info} series holding them. */
    private void targetInfo(Resource resource, long now) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (KeyValue attribute : resource.getAttributesList()) {
            if (!IDENTIFYING.contains(attribute.getKey())) {
                labels.merge(PrometheusNames.label(attribute.getKey()), Attributes.text(attribute.getValue()),
                        (a, b) -> a + ";" + b);
            }
        }
        if (labels.isEmpty()) {
            return;
        }
        identity(resource, labels);
        Family family = family(TARGET_INFO, Shape.GAUGE, "Target metadata");
        put(family, toLabels(labels), NumberDataPoint.newBuilder().setAsInt(1).build(), now);
    }

    private Labels labels(List<KeyValue> attributes, Resource resource, InstrumentationScope scope) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (KeyValue attribute : attributes) {
            labels.merge(PrometheusNames.label(attribute.getKey()), Attributes.text(attribute.getValue()),
                    (a, b) -> a + ";" + b);
        }
        if (config.resourceToTelemetryConversion().enabled()) {
            for (KeyValue attribute : resource.getAttributesList()) {
                labels.putIfAbsent(PrometheusNames.label(attribute.getKey()), Attributes.text(attribute.getValue()));
            }
        }
        if (!scope.getName().isEmpty()) {
            labels.put("otel_scope_name", scope.getName());
        }
        if (!scope.getVersion().isEmpty()) {
            labels.put("otel_scope_version", scope.getVersion());
        }
        identity(resource, labels);
        labels.putAll(config.constLabels());
        return toLabels(labels);
    }

    /** {@code job} from {@code service.namespace}/{@code service.name}, {@code instance} from {@code service.instance.id}. */
    private static void identity(Resource resource, TreeMap<String, String> labels) {
        AnyValue name = Attributes.get(resource.getAttributesList(), "service.name");
        AnyValue namespace = Attributes.get(resource.getAttributesList(), "service.namespace");
        AnyValue instance = Attributes.get(resource.getAttributesList(), "service.instance.id");
        if (name != null) {
            labels.put("job", namespace == null ? Attributes.text(name)
                    : Attributes.text(namespace) + "/" + Attributes.text(name));
        }
        if (instance != null) {
            labels.put("instance", Attributes.text(instance));
        }
    }

    private static Labels toLabels(TreeMap<String, String> labels) {
        List<String> flat = new ArrayList<>(labels.size() * 2);
        labels.forEach((k, v) -> {
            if (!v.isEmpty()) {
                flat.add(k);
                flat.add(v);
            }
        });
        return new Labels(flat);
    }

    /** Every family with its live series, after forgetting series older than the expiration. */
    synchronized List<Family> snapshot() {
        long now = nanoTime.getAsLong();
        long expiration = config.metricExpiration().toNanos();
        List<Family> out = new ArrayList<>();
        for (Iterator<Family> it = families.values().iterator(); it.hasNext(); ) {
            Family family = it.next();
            family.series.values().removeIf(series -> now - series.updatedNanos > expiration);
            if (family.series.isEmpty()) {
                it.remove();
                continue;
            }
            Family copy = new Family(family.name, family.shape, family.help);
            family.series.forEach((labels, series) -> copy.series.put(labels, new Series(series.point, series.updatedNanos)));
            out.add(copy);
        }
        return out;
    }
}
