package io.spanvault.connector.servicegraph;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.connector.aggregation.ExplicitHistogram;
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
 * Pairs client spans (CLIENT, PRODUCER) with the server spans (SERVER, CONSUMER) they called, within
 * {@code store.ttl}, and counts each call between two services, as the Collector's servicegraph connector:
 * {@code traces_service_graph_request_total}, {@code _failed_total} and the {@code _server_seconds} and
 * {@code _client_seconds} histograms, labelled {@code client}, {@code server} and {@code connection_type}.
 * An edge still missing a side when its ttl passes is expired; a client span naming its peer
 * ({@code peer.service}, {@code db.name}, ...) completes it with that virtual server, a server span
 * without a client gets the client {@code user}.
 */
final class ServiceGraphConnector implements Connector<ExportTraceServiceRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceGraphConnector.class);
    static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("servicegraphconnector").build();

    /** Counts and durations of one client → server pair. */
    private static final class EdgeSeries {
        final List<KeyValue> attributes;
        final long startUnixNano;
        final ExplicitHistogram serverSeconds;
        final ExplicitHistogram clientSeconds;
        long total;
        long failed;

        EdgeSeries(List<KeyValue> attributes, long startUnixNano, double[] bounds) {
            this.attributes = attributes;
            this.startUnixNano = startUnixNano;
            this.serverSeconds = new ExplicitHistogram(bounds);
            this.clientSeconds = new ExplicitHistogram(bounds);
        }
    }

    private final ServiceGraphConfig config;
    private final SignalConsumer<ExportMetricsServiceRequest> next;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String name;
    private final double[] bounds;
    private final EdgeStore store;
    private final Map<List<String>, EdgeSeries> series = new LinkedHashMap<>();
    private final Counter totalEdges;
    private final Counter expiredEdges;
    private final Counter droppedSpans;
    private ScheduledExecutorService timer;

    ServiceGraphConnector(ServiceGraphConfig config, SignalConsumer<ExportMetricsServiceRequest> next, Clock clock,
            LongSupplier nanoTime, String name, Telemetry telemetry) {
        this.config = config;
        this.next = next;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.name = name;
        this.bounds = config.boundsSeconds();
        this.store = new EdgeStore(config.store().ttl().toNanos(), config.store().maxItems());
        Labels labels = Labels.of("connector", name);
        this.totalEdges = telemetry.counter("otelcol_connector_servicegraph_total_edges",
                "Total number of unique edges", labels);
        this.expiredEdges = telemetry.counter("otelcol_connector_servicegraph_expired_edges",
                "Number of edges that expired before finding their matching span", labels);
        this.droppedSpans = telemetry.counter("otelcol_connector_servicegraph_dropped_spans",
                "Number of spans dropped when trying to add edges", labels);
    }

    @Override
    public void start(Host host) {
        timer = Executors.newSingleThreadScheduledExecutor(ComponentThreads.daemon("spanvault-servicegraph-" + name));
        long expiry = config.storeExpirationLoop().toNanos();
        timer.scheduleAtFixedRate(this::expireQuietly, expiry, expiry, TimeUnit.NANOSECONDS);
        long flush = config.metricsFlushInterval().toNanos();
        timer.scheduleAtFixedRate(this::flushQuietly, flush, flush, TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest request) {
        long now = nanoTime.getAsLong();
        synchronized (this) {
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                String service = Attributes.serviceName(resourceSpans.getResource());
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    for (Span span : scopeSpans.getSpansList()) {
                        record(service, span, now);
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private void record(String service, Span span, long now) {
        boolean client = span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT || span.getKind() == Span.SpanKind.SPAN_KIND_PRODUCER;
        boolean server = span.getKind() == Span.SpanKind.SPAN_KIND_SERVER || span.getKind() == Span.SpanKind.SPAN_KIND_CONSUMER;
        if (!client && !server) {
            return;
        }
        if (server && span.getParentSpanId().isEmpty()) {
            return;
        }
        EdgeStore.Key key = new EdgeStore.Key(span.getTraceId(), client ? span.getSpanId() : span.getParentSpanId());
        Edge edge = store.upsert(key, now);
        if (edge == null) {
            droppedSpans.increment();
            return;
        }
        double seconds = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e9;
        boolean failed = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        if (client) {
            edge.hasClient = true;
            edge.clientService = service;
            edge.clientSeconds = seconds;
            edge.clientDimensions = dimensions(span);
            edge.peer = peer(span);
            if (span.getKind() == Span.SpanKind.SPAN_KIND_PRODUCER) {
                edge.connectionType = "messaging_system";
            } else if (Attributes.get(span.getAttributesList(), "db.system") != null) {
                edge.connectionType = "database";
            }
        } else {
            edge.hasServer = true;
            edge.serverService = service;
            edge.serverSeconds = seconds;
            edge.serverDimensions = dimensions(span);
            if (span.getKind() == Span.SpanKind.SPAN_KIND_CONSUMER) {
                edge.connectionType = "messaging_system";
            }
        }
        edge.failed |= failed;
        if (edge.complete()) {
            store.remove(key);
            count(edge);
        }
    }

    private List<String> dimensions(Span span) {
        if (config.dimensions().isEmpty()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(config.dimensions().size());
        for (String dimension : config.dimensions()) {
            AnyValue value = Attributes.get(span.getAttributesList(), dimension);
            values.add(value == null ? null : Attributes.text(value));
        }
        return values;
    }

    private String peer(Span span) {
        for (String attribute : config.virtualNodePeerAttributes()) {
            AnyValue value = Attributes.get(span.getAttributesList(), attribute);
            if (value != null) {
                return Attributes.text(value);
            }
        }
        return null;
    }

    private void count(Edge edge) {
        List<String> key = new ArrayList<>(3 + 2 * config.dimensions().size());
        key.add(edge.clientService);
        key.add(edge.serverService);
        key.add(edge.connectionType);
        for (int i = 0; i < config.dimensions().size(); i++) {
            key.add(i < edge.clientDimensions.size() ? edge.clientDimensions.get(i) : null);
            key.add(i < edge.serverDimensions.size() ? edge.serverDimensions.get(i) : null);
        }
        EdgeSeries pair = series.computeIfAbsent(key, k -> new EdgeSeries(attributes(k), nowUnixNano(), bounds));
        pair.total++;
        if (edge.failed) {
            pair.failed++;
        }
        pair.serverSeconds.record(edge.serverSeconds);
        pair.clientSeconds.record(edge.clientSeconds);
        totalEdges.increment();
    }

    private List<KeyValue> attributes(List<String> key) {
        List<KeyValue> out = new ArrayList<>();
        out.add(string("client", key.get(0)));
        out.add(string("server", key.get(1)));
        if (!key.get(2).isEmpty()) {
            out.add(string("connection_type", key.get(2)));
        }
        for (int i = 0; i < config.dimensions().size(); i++) {
            String dimension = config.dimensions().get(i);
            if (key.get(3 + 2 * i) != null) {
                out.add(string("client_" + dimension, key.get(3 + 2 * i)));
            }
            if (key.get(4 + 2 * i) != null) {
                out.add(string("server_" + dimension, key.get(4 + 2 * i)));
            }
        }
        return List.copyOf(out);
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** Expires edges past their ttl, completing those that name a virtual peer. */
    synchronized void expire() {
        store.expire(nanoTime.getAsLong(), edge -> {
            expiredEdges.increment();
            if (edge.hasClient && edge.peer != null) {
                edge.serverService = edge.peer;
                edge.serverSeconds = edge.clientSeconds;
                count(edge);
            } else if (edge.hasServer) {
                edge.clientService = "user";
                edge.clientSeconds = edge.serverSeconds;
                count(edge);
            }
        });
    }

    private void expireQuietly() {
        try {
            expire();
        } catch (RuntimeException e) {
            LOG.warn("connector {}: expiring edges failed", name, e);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("connector {}: flushing service graph metrics failed", name, e);
        }
    }

    /** Emits the cumulative edge metrics (nothing before the first edge). */
    CompletionStage<Void> flush() {
        ExportMetricsServiceRequest request;
        synchronized (this) {
            if (series.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            request = collect();
        }
        return next.consume(request).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("connector {}: the metrics pipeline refused service graph metrics: {}", name, error.getMessage());
            }
        });
    }

    private ExportMetricsServiceRequest collect() {
        long now = nowUnixNano();
        AggregationTemporality cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        Metric.Builder total = Metric.newBuilder().setName("traces_service_graph_request_total");
        total.getSumBuilder().setAggregationTemporality(cumulative).setIsMonotonic(true);
        Metric.Builder failed = Metric.newBuilder().setName("traces_service_graph_request_failed_total");
        failed.getSumBuilder().setAggregationTemporality(cumulative).setIsMonotonic(true);
        Metric.Builder server = Metric.newBuilder().setName("traces_service_graph_request_server_seconds").setUnit("s");
        server.getHistogramBuilder().setAggregationTemporality(cumulative);
        Metric.Builder client = Metric.newBuilder().setName("traces_service_graph_request_client_seconds").setUnit("s");
        client.getHistogramBuilder().setAggregationTemporality(cumulative);
        for (EdgeSeries pair : series.values()) {
            total.getSumBuilder().addDataPoints(number(pair, pair.total, now));
            failed.getSumBuilder().addDataPoints(number(pair, pair.failed, now));
            server.getHistogramBuilder().addDataPoints(pair.serverSeconds.writeTo(HistogramDataPoint.newBuilder())
                    .addAllAttributes(pair.attributes).setStartTimeUnixNano(pair.startUnixNano).setTimeUnixNano(now));
            client.getHistogramBuilder().addDataPoints(pair.clientSeconds.writeTo(HistogramDataPoint.newBuilder())
                    .addAllAttributes(pair.attributes).setStartTimeUnixNano(pair.startUnixNano).setTimeUnixNano(now));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(SCOPE)
                        .addMetrics(total).addMetrics(failed).addMetrics(server).addMetrics(client))).build();
    }

    private static NumberDataPoint.Builder number(EdgeSeries pair, long value, long now) {
        return NumberDataPoint.newBuilder().addAllAttributes(pair.attributes).setStartTimeUnixNano(pair.startUnixNano)
                .setTimeUnixNano(now).setAsInt(value);
    }

    synchronized int waitingEdges() {
        return store.size();
    }

    private long nowUnixNano() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        flushQuietly();
    }
}
