package io.spanvault.connector.spanmetrics;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
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
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.pipeline.component.ComponentThreads;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.otlp.Attributes;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts spans and records their durations per set of dimensions, and every {@code metrics_flush_interval}
 * emits {@code calls} (a monotonic sum) and {@code duration} (a histogram) to the metrics pipelines, one
 * resource per span resource, as the Collector's spanmetrics connector does. Spans are aggregated as they
 * arrive, so accepting a request costs no more than a map lookup per span.
 */
final class SpanMetricsConnector implements Connector<ExportTraceServiceRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(SpanMetricsConnector.class);
    static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("spanmetricsconnector").build();
    static final KeyValue OVERFLOW = KeyValue.newBuilder().setKey("otel.metric.overflow")
            .setValue(AnyValue.newBuilder().setBoolValue(true)).build();

    /** The series of one span resource, in first-seen order. */
    private static final class ResourceSeries {
        final Resource resource;
        final Map<List<Object>, SpanSeries> series = new LinkedHashMap<>();

        ResourceSeries(Resource resource) {
            this.resource = resource;
        }
    }

    private final SpanMetricsConfig config;
    private final SignalConsumer<ExportMetricsServiceRequest> next;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String name;
    private final double[] bounds;
    private final double nanosPerUnit;
    private final boolean[] defaults = new boolean[4];
    private final Counter overflowed;
    private final Map<List<KeyValue>, ResourceSeries> resources = new LinkedHashMap<>();
    private int seriesCount;
    private long lastFlushUnixNano;
    private ScheduledExecutorService flusher;

    SpanMetricsConnector(SpanMetricsConfig config, SignalConsumer<ExportMetricsServiceRequest> next, Clock clock,
            LongSupplier nanoTime, String name, Telemetry telemetry) {
        this.config = config;
        this.next = next;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.name = name;
        this.bounds = config.histogram().bounds();
        this.nanosPerUnit = config.histogram().nanosPerUnit();
        for (int i = 0; i < defaults.length; i++) {
            defaults[i] = !config.excludeDimensions().contains(SpanMetricsConfig.DEFAULT_DIMENSIONS.get(i));
        }
        this.overflowed = telemetry.counter("spanvault_connector_spanmetrics_overflow_spans",
                "Spans counted in the otel.metric.overflow series because aggregation_cardinality_limit was reached",
                Labels.of("connector", name));
        this.lastFlushUnixNano = nowUnixNano();
    }

    @Override
    public void start(Host host) {
        flusher = Executors.newSingleThreadScheduledExecutor(ComponentThreads.daemon("spanvault-spanmetrics-" + name));
        long period = config.metricsFlushInterval().toNanos();
        flusher.scheduleAtFixedRate(this::flushQuietly, period, period, TimeUnit.NANOSECONDS);
    }

    /** Consuming only records in memory; the metrics go downstream from the flush timer. */
    @Override
    public boolean blocksCaller() {
        return false;
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest request) {
        long nowNanos = nanoTime.getAsLong();
        synchronized (this) {
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                Resource resource = resourceSpans.getResource();
                String service = Attributes.serviceName(resource);
                ResourceSeries group = resources.get(resource.getAttributesList());
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    for (Span span : scopeSpans.getSpansList()) {
                        group = record(group, resource, service, span, nowNanos);
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Records one span into the series of {@code group} (null when the resource has none yet); returns the group. */
    private ResourceSeries record(ResourceSeries group, Resource resource, String service, Span span, long nowNanos) {
        List<Object> key = key(resource, service, span);
        SpanSeries series = group == null ? null : group.series.get(key);
        if (series == null) {
            series = admit(group, resource, key);
            group = resources.get(resource.getAttributesList());
        }
        long durationNanos = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
        double duration = durationNanos / nanosPerUnit;
        series.record(duration);
        series.lastSeenNanos = nowNanos;
        if (series.exemplars != null) {
            series.exemplars.offer(span.getTraceId(), span.getSpanId(), duration, span.getEndTimeUnixNano());
        }
        return group;
    }

    /** A new series, or the overflow series once the cardinality limit is reached. */
    private SpanSeries admit(ResourceSeries group, Resource resource, List<Object> key) {
        int limit = config.aggregationCardinalityLimit();
        boolean overflow = limit > 0 && seriesCount >= limit;
        if (overflow) {
            overflowed.increment();
            // Spans of a resource not seen yet share one overflow resource, so new resources cannot grow memory either.
            group = group != null ? group : resources.computeIfAbsent(List.of(), k -> new ResourceSeries(Resource.getDefaultInstance()));
            return group.series.computeIfAbsent(List.of(OVERFLOW), k -> {
                seriesCount++;
                return new SpanSeries(List.of(OVERFLOW), startOfNewSeries(), config, bounds);
            });
        }
        if (group == null) {
            group = new ResourceSeries(resource);
            resources.put(resource.getAttributesList(), group);
        }
        SpanSeries series = new SpanSeries(attributes(key), startOfNewSeries(), config, bounds);
        group.series.put(key, series);
        seriesCount++;
        return series;
    }

    /** Cumulative series start when first seen; delta series start at the previous flush. */
    private long startOfNewSeries() {
        return config.delta() ? lastFlushUnixNano : nowUnixNano();
    }

    /** The dimension values of a span: the four defaults not excluded, then each extra dimension (null when left out). */
    private List<Object> key(Resource resource, String service, Span span) {
        int extra = config.dimensions().size();
        Object[] values = new Object[4 + extra];
        if (defaults[0]) {
            values[0] = service;
        }
        if (defaults[1]) {
            // decoded here and not kept: the span keeps its name as bytes for the store (see TraceRequestParser)
            values[1] = span.getNameBytes().toStringUtf8();
        }
        if (defaults[2]) {
            values[2] = span.getKindValue();
        }
        if (defaults[3]) {
            values[3] = span.getStatus().getCodeValue();
        }
        for (int i = 0; i < extra; i++) {
            DimensionConfig dimension = config.dimensions().get(i);
            AnyValue value = Attributes.get(span.getAttributesList(), dimension.name());
            if (value == null) {
                value = Attributes.get(resource.getAttributesList(), dimension.name());
            }
            if (value == null && dimension.defaultValue() != null) {
                value = AnyValue.newBuilder().setStringValue(dimension.defaultValue()).build();
            }
            values[4 + i] = value;
        }
        return Arrays.asList(values);
    }

    private List<KeyValue> attributes(List<Object> key) {
        List<KeyValue> out = new ArrayList<>(key.size());
        if (key.get(0) != null) {
            out.add(string("service.name", (String) key.get(0)));
        }
        if (key.get(1) != null) {
            out.add(string("span.name", (String) key.get(1)));
        }
        if (key.get(2) != null) {
            Span.SpanKind kind = Span.SpanKind.forNumber((Integer) key.get(2));
            out.add(string("span.kind", kind == null ? Span.SpanKind.SPAN_KIND_UNSPECIFIED.name() : kind.name()));
        }
        if (key.get(3) != null) {
            Status.StatusCode code = Status.StatusCode.forNumber((Integer) key.get(3));
            out.add(string("status.code", code == null ? Status.StatusCode.STATUS_CODE_UNSET.name() : code.name()));
        }
        for (int i = 0; i < config.dimensions().size(); i++) {
            Object value = key.get(4 + i);
            if (value != null) {
                out.add(KeyValue.newBuilder().setKey(config.dimensions().get(i).name()).setValue((AnyValue) value).build());
            }
        }
        return List.copyOf(out);
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("connector {}: flushing span metrics failed", name, e);
        }
    }

    /** Emits the current metrics (nothing when there are none); delta temporality starts every series afresh. */
    CompletionStage<Void> flush() {
        ExportMetricsServiceRequest request;
        synchronized (this) {
            request = collect();
        }
        if (request.getResourceMetricsCount() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return next.consume(request).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("connector {}: the metrics pipeline refused span metrics: {}", name, error.getMessage());
            }
        });
    }

    private ExportMetricsServiceRequest collect() {
        long now = nowUnixNano();
        long nowNanos = nanoTime.getAsLong();
        long expiration = config.metricsExpiration().toNanos();
        AggregationTemporality temporality = config.delta() ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        ExportMetricsServiceRequest.Builder out = ExportMetricsServiceRequest.newBuilder();
        for (Iterator<ResourceSeries> groups = resources.values().iterator(); groups.hasNext(); ) {
            ResourceSeries group = groups.next();
            if (expiration > 0) {
                expire(group, nowNanos, expiration);
            }
            if (group.series.isEmpty()) {
                groups.remove();
                continue;
            }
            Metric.Builder calls = Metric.newBuilder().setName(config.metricName("calls"));
            calls.getSumBuilder().setAggregationTemporality(temporality).setIsMonotonic(true);
            Metric.Builder duration = Metric.newBuilder().setName(config.metricName("duration"))
                    .setUnit(config.histogram().unit());
            for (SpanSeries series : group.series.values()) {
                calls.getSumBuilder().addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(series.attributes)
                        .setStartTimeUnixNano(series.startUnixNano).setTimeUnixNano(now).setAsInt(series.calls));
                if (series.explicit != null) {
                    HistogramDataPoint.Builder point = series.explicit.writeTo(HistogramDataPoint.newBuilder())
                            .addAllAttributes(series.attributes).setStartTimeUnixNano(series.startUnixNano)
                            .setTimeUnixNano(now);
                    if (series.exemplars != null) {
                        point.addAllExemplars(series.exemplars.flush());
                    }
                    duration.getHistogramBuilder().setAggregationTemporality(temporality).addDataPoints(point);
                } else if (series.exponential != null) {
                    ExponentialHistogramDataPoint.Builder point = series.exponential
                            .writeTo(ExponentialHistogramDataPoint.newBuilder()).addAllAttributes(series.attributes)
                            .setStartTimeUnixNano(series.startUnixNano).setTimeUnixNano(now);
                    if (series.exemplars != null) {
                        point.addAllExemplars(series.exemplars.flush());
                    }
                    duration.getExponentialHistogramBuilder().setAggregationTemporality(temporality).addDataPoints(point);
                }
            }
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(SCOPE).addMetrics(calls);
            if (!config.histogram().disable()) {
                scope.addMetrics(duration);
            }
            out.addResourceMetrics(ResourceMetrics.newBuilder().setResource(group.resource).addScopeMetrics(scope));
        }
        if (config.delta()) {
            resources.clear();
            seriesCount = 0;
        }
        lastFlushUnixNano = now;
        return out.build();
    }

    private void expire(ResourceSeries group, long nowNanos, long expiration) {
        for (Iterator<SpanSeries> it = group.series.values().iterator(); it.hasNext(); ) {
            if (nowNanos - it.next().lastSeenNanos > expiration) {
                it.remove();
                seriesCount--;
            }
        }
    }

    /** The number of series held now, overflow included. */
    synchronized int seriesCount() {
        return seriesCount;
    }

    private long nowUnixNano() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
        }
        // What was counted since the last flush still goes out, as the batch processor flushes on close.
        flushQuietly();
    }
}
