package io.spanvault.pipeline.signal;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.spanvault.pipeline.otlp.TraceRequestParser;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * One of the three OpenTelemetry signals, with the operations that generic components (batch, fan-out,
 * counters) need without knowing which signal they carry.
 *
 * @param <T> the OTLP export request that carries the signal
 */
public final class Signal<T extends Message> {

    public static final Signal<ExportTraceServiceRequest> TRACES = new Signal<>("traces", "spans",
            ExportTraceServiceRequest.class, ExportTraceServiceRequest::getDefaultInstance, ItemCounts::spans,
            () -> TraceRequestParser.INSTANCE,
            () -> RequestShape.of(ExportTraceServiceRequest.getDefaultInstance(), "resource_spans", "scope_spans", "spans"));
    public static final Signal<ExportMetricsServiceRequest> METRICS = new Signal<>("metrics", "metric_points",
            ExportMetricsServiceRequest.class, ExportMetricsServiceRequest::getDefaultInstance, ItemCounts::metricPoints,
            ExportMetricsServiceRequest::parser,
            () -> RequestShape.ofMetrics(ExportMetricsServiceRequest.getDefaultInstance(), Metric.getDescriptor()));
    public static final Signal<ExportLogsServiceRequest> LOGS = new Signal<>("logs", "log_records",
            ExportLogsServiceRequest.class, ExportLogsServiceRequest::getDefaultInstance, ItemCounts::logRecords,
            ExportLogsServiceRequest::parser,
            () -> RequestShape.of(ExportLogsServiceRequest.getDefaultInstance(), "resource_logs", "scope_logs", "log_records"));

    private static final List<Signal<?>> ALL = List.of(TRACES, METRICS, LOGS);

    private final String name;
    private final String itemName;
    private final Class<T> requestType;
    private final Supplier<T> defaultInstance;
    private final ToIntFunction<T> itemCount;
    private final Supplier<Parser<T>> parser;
    /**
     * Built at the first merge or split, not with the class: walking the descriptors builds the OTLP protobuf
     * file descriptors, a tenth of the server's start-up on its main thread, which config and start never need.
     */
    private final Supplier<RequestShape<T>> shapeOf;
    private volatile RequestShape<T> shape;

    private Signal(String name, String itemName, Class<T> requestType, Supplier<T> defaultInstance,
            ToIntFunction<T> itemCount, Supplier<Parser<T>> parser, Supplier<RequestShape<T>> shapeOf) {
        this.name = name;
        this.itemName = itemName;
        this.requestType = requestType;
        this.defaultInstance = defaultInstance;
        this.itemCount = itemCount;
        this.parser = parser;
        this.shapeOf = shapeOf;
    }

    /** Two threads may both build it first; the shapes are equal, so either may win. */
    private RequestShape<T> shape() {
        RequestShape<T> built = shape;
        if (built == null) {
            built = shapeOf.get();
            shape = built;
        }
        return built;
    }

    public static List<Signal<?>> all() {
        return ALL;
    }

    public static Optional<Signal<?>> byName(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    /** The name used in config and in pipeline ids: {@code traces}, {@code metrics}, {@code logs}. */
    public String name() {
        return name;
    }

    /** The collector's name for one item in self-metrics: {@code spans}, {@code metric_points}, {@code log_records}. */
    public String itemName() {
        return itemName;
    }

    public Class<T> requestType() {
        return requestType;
    }

    /** The request's default instance, the prototype that decoders and gRPC marshallers start from. */
    public T defaultInstance() {
        return defaultInstance.get();
    }

    /**
     * The parser receivers decode the signal's requests with: for traces one that keeps the spans' strings as the
     * bytes they arrived as (see {@link TraceRequestParser}), otherwise protobuf's generated one.
     */
    public Parser<T> parser() {
        return parser.get();
    }

    /** Spans, metric data points or log records in the request. */
    public int itemCount(T request) {
        return itemCount.applyAsInt(request);
    }

    /** One request holding every resource group of the parts, in order. */
    public T merge(List<T> parts) {
        return shape().merge(parts);
    }

    /**
     * Splits a request into requests of at most {@code maxItems} items each, keeping every item with its
     * resource and scope. A request already small enough comes back as the only element.
     */
    public List<T> split(T request, int maxItems) {
        if (maxItems <= 0) {
            throw new IllegalArgumentException("maxItems must be positive: " + maxItems);
        }
        if (itemCount(request) <= maxItems) {
            return List.of(request);
        }
        return shape().split(request, maxItems);
    }

    @Override
    public String toString() {
        return name;
    }
}
