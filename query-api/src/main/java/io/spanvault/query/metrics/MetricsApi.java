package io.spanvault.query.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.spanvault.query.http.ApiRequest;
import io.spanvault.query.http.ApiResponse;
import io.spanvault.query.http.GuardedRoute;
import io.spanvault.query.http.RouteHandler;
import io.spanvault.query.http.Router;
import io.spanvault.query.jaeger.V1Envelope;
import io.spanvault.storage.TraceReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Jaeger's service-performance API ({@code /api/metrics/latencies|calls|errors|minstep}), the one Jaeger UI's
 * Monitor tab reads, answered from stored spans instead of Prometheus: a {@code MetricFamily} in Jaeger's
 * protobuf-JSON shape, one gauge series per service (or per service and operation), labelled
 * {@code service_name} and {@code operation}. A value without spans to compute it from (a latency or error
 * rate of a window without calls) is {@code "NaN"}, as protobuf JSON writes it.
 */
public final class MetricsApi {
    /** Points closer than this say little about spans and cost a bucket each. */
    static final Duration MIN_STEP = Duration.ofSeconds(1);

    private enum Kind { LATENCIES, CALLS, ERRORS }

    private final Supplier<TraceReader> store;
    private final MetricsQueryParser parser;
    private final long maxSpans;
    private final RedAggregateCache cache;

    public MetricsApi(Supplier<TraceReader> store, Clock clock, Duration maxLookback, long maxSpans) {
        this.store = store;
        this.parser = new MetricsQueryParser(clock, maxLookback);
        this.maxSpans = maxSpans;
        this.cache = new RedAggregateCache(clock);
    }

    public void register(Router router) {
        router.get("/api/metrics/latencies", guarded(request -> family(request, Kind.LATENCIES)))
                .get("/api/metrics/calls", guarded(request -> family(request, Kind.CALLS)))
                .get("/api/metrics/errors", guarded(request -> family(request, Kind.ERRORS)))
                .get("/api/metrics/minstep", guarded(request -> V1Envelope.ok(g -> g.writeNumber(MIN_STEP.toMillis()),
                        0)));
    }

    private static RouteHandler guarded(RouteHandler handler) {
        return GuardedRoute.of(handler, V1Envelope::error);
    }

    private ApiResponse family(ApiRequest request, Kind kind) {
        MetricsQuery query = parser.parse(request, kind == Kind.LATENCIES);
        RedAggregate aggregate = cache.get(query.window(), w -> RedAggregate.of(store.get(), w, maxSpans));
        int first = aggregate.firstPoint();
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartObject();
            g.writeStringField("name", name(kind, query.groupByOperation()));
            g.writeStringField("type", "GAUGE");
            g.writeStringField("help", help(kind, query));
            g.writeArrayFieldStart("metrics");
            for (String service : query.services()) {
                if (query.groupByOperation()) {
                    for (Map.Entry<String, RedAggregate.Series> op : aggregate.operations(service).entrySet()) {
                        writeMetric(g, aggregate, kind, query, service, op.getKey(), op.getValue(), first);
                    }
                } else {
                    RedAggregate.Series total = aggregate.service(service);
                    if (total != null) {
                        writeMetric(g, aggregate, kind, query, service, null, total, first);
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeMetric(JsonGenerator g, RedAggregate aggregate, Kind kind, MetricsQuery query,
            String service, String operation, RedAggregate.Series series, int first) throws IOException {
        List<Double> values = switch (kind) {
            case LATENCIES -> aggregate.latencies(series, query.quantile(), first);
            case CALLS -> aggregate.callRates(series, first);
            case ERRORS -> aggregate.errorRates(series, first);
        };
        g.writeStartObject();
        g.writeArrayFieldStart("labels");
        writeLabel(g, "service_name", service);
        if (operation != null) {
            writeLabel(g, "operation", operation);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("metricPoints");
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            g.writeStartObject();
            g.writeObjectFieldStart("gaugeValue");
            g.writeFieldName("doubleValue");
            if (Double.isNaN(v)) {
                g.writeString("NaN");
            } else {
                g.writeNumber(v);
            }
            g.writeEndObject();
            g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(aggregate.pointTime(first + i)));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeLabel(JsonGenerator g, String name, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private static String name(Kind kind, boolean byOperation) {
        String prefix = byOperation ? "service_operation_" : "service_";
        return prefix + switch (kind) {
            case LATENCIES -> "latencies";
            case CALLS -> "call_rate";
            case ERRORS -> "error_rate";
        };
    }

    private static String help(Kind kind, MetricsQuery query) {
        String by = query.groupByOperation() ? "grouped by service & operation" : "grouped by service";
        return switch (kind) {
            case LATENCIES -> String.format(Locale.ROOT, "%.2fth quantile latency, ", query.quantile()) + by;
            case CALLS -> "calls/sec, " + by;
            case ERRORS -> "error rate, computed as a fraction of errors/sec over calls/sec, " + by;
        };
    }
}
