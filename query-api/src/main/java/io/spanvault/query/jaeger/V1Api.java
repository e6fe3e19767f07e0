package io.spanvault.query.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.buffer.ByteBufInputStream;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.query.http.ApiException;
import io.spanvault.query.http.ApiRequest;
import io.spanvault.query.http.ApiResponse;
import io.spanvault.query.http.GuardedRoute;
import io.spanvault.query.http.RouteHandler;
import io.spanvault.query.http.SearchLimits;
import io.spanvault.query.http.Router;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.Operation;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Jaeger's v1 JSON API ({@code /api/...}), the one every Jaeger UI version and Grafana use. */
public final class V1Api {
    static final Duration DEFAULT_DEPENDENCY_LOOKBACK = Duration.ofDays(1);

    private final Supplier<TraceReader> store;
    private final Clock clock;
    private final TraceSearchParser searchParser;
    private final SearchLimits limits;

    public V1Api(Supplier<TraceReader> store, Clock clock, SearchLimits limits) {
        this.store = store;
        this.clock = clock;
        this.searchParser = new TraceSearchParser(clock);
        this.limits = limits;
    }

    public void register(Router router) {
        router.get("/api/services", guarded(this::services))
                .get("/api/services/{service}/operations", guarded(this::serviceOperations))
                .get("/api/operations", guarded(this::operations))
                .get("/api/traces", guarded(this::searchTraces))
                .get("/api/traces/{traceID}", guarded(this::trace))
                .get("/api/dependencies", guarded(this::dependencies))
                .post("/api/transform", guarded(V1Api::transform))
                .get("/api/quality-metrics", guarded(V1Api::qualityMetrics));
    }

    /** Unknown {@code /api/...} paths: a 404 in the v1 error shape. */
    public static ApiResponse notFound(ApiRequest request) {
        return V1Envelope.error(HttpResponseStatus.NOT_FOUND, "404 page not found: " + request.path());
    }

    private static RouteHandler guarded(RouteHandler handler) {
        return GuardedRoute.of(handler, V1Envelope::error);
    }

    private ApiResponse services(ApiRequest request) {
        List<String> services = store.get().getServices();
        return V1Envelope.ok(g -> writeStrings(g, services), services.size());
    }

    private ApiResponse serviceOperations(ApiRequest request) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Operation op : store.get().getOperations(request.pathParameter("service"), null)) {
            names.add(op.name());
        }
        return V1Envelope.ok(g -> writeStrings(g, names), names.size());
    }

    private ApiResponse operations(ApiRequest request) {
        String service = request.parameter("service");
        if (service == null || service.isEmpty()) {
            throw ApiException.badRequest("parameter 'service' is required");
        }
        String kind = request.parameter("spanKind");
        List<Operation> operations = store.get().getOperations(service, kind == null || kind.isEmpty() ? null : kind);
        return V1Envelope.ok(g -> {
            g.writeStartArray();
            for (Operation op : operations) {
                g.writeStartObject();
                g.writeStringField("name", op.name());
                g.writeStringField("spanKind", op.spanKind());
                g.writeEndObject();
            }
            g.writeEndArray();
        }, operations.size());
    }

    private ApiResponse trace(ApiRequest request) {
        TraceId id;
        try {
            id = JaegerIds.parseTraceId(request.pathParameter("traceID"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Instant start = TraceSearchParser.micros(request, "start", null);
        Instant end = TraceSearchParser.micros(request, "end", null);
        Optional<TracesData> trace = store.get().getTrace(id, start, end);
        if (trace.isEmpty()) {
            throw ApiException.notFound("trace not found");
        }
        JaegerTrace jaeger = OtlpToJaeger.trace(trace.get());
        return V1Envelope.ok(g -> {
            g.writeStartArray();
            UiTraceWriter.write(g, jaeger);
            g.writeEndArray();
        }, 0);
    }

    /**
     * Found traces are read from the store one at a time while the response is written, so memory holds one
     * trace and the response, which {@link SearchLimits} bounds.
     */
    private ApiResponse searchTraces(ApiRequest request) {
        TraceSearch search = searchParser.parse(request);
        limits.checkLimit("limit", search.query().limit());
        limits.checkLimit("traceID", search.traceIds().size());
        TraceReader reader = store.get();
        boolean byId = !search.traceIds().isEmpty();
        List<TraceId> ids = byId ? search.traceIds() : reader.findTraceIds(search.query());
        List<V1Envelope.Problem> problems = new ArrayList<>();
        return V1Envelope.ok(g -> {
            g.writeStartArray();
            int written = 0;
            for (TraceId id : ids) {
                if (limits.full(g)) {
                    problems.add(new V1Envelope.Problem(limits.truncated(written, ids.size()), null));
                    break;
                }
                Optional<TracesData> trace = byId
                        ? reader.getTrace(id, search.query().startTimeMin(), search.query().startTimeMax())
                        : reader.getTrace(id, null, null);
                if (trace.isPresent()) {
                    UiTraceWriter.write(g, OtlpToJaeger.trace(trace.get()));
                    written++;
                } else if (byId) {
                    problems.add(V1Envelope.Problem.missing(id));
                }
            }
            g.writeEndArray();
        }, 0, problems);
    }

    /** Jaeger UI's "Upload": OTLP/JSON traces in, the UI's JSON out, one trace per trace id; nothing is stored. */
    private static ApiResponse transform(ApiRequest request) {
        TracesData data;
        List<JaegerTrace> traces;
        try {
            data = OtlpJson.decode(new ByteBufInputStream(request.body().duplicate()), TracesData.getDefaultInstance());
            traces = OtlpToJaeger.traces(data);
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.badRequest("the body is not OTLP/JSON traces: " + e.getMessage());
        }
        return V1Envelope.ok(g -> {
            g.writeStartArray();
            for (JaegerTrace trace : traces) {
                UiTraceWriter.write(g, trace);
            }
            g.writeEndArray();
        }, 0);
    }

    /**
     * Jaeger's trace-quality report has no source here; 501 is what Jaeger answers for a feature that is off,
     * and what makes Jaeger UI show its empty state.
     */
    private static ApiResponse qualityMetrics(ApiRequest request) {
        throw new ApiException(HttpResponseStatus.NOT_IMPLEMENTED, "trace quality metrics are not computed by"
                + " this server");
    }

    private ApiResponse dependencies(ApiRequest request) {
        Instant end = millis(request, "endTs", clock.instant());
        Duration lookback = DEFAULT_DEPENDENCY_LOOKBACK;
        String lookbackText = request.parameter("lookback");
        if (lookbackText != null && !lookbackText.isEmpty()) {
            lookback = Duration.ofMillis(parseLong("lookback", lookbackText, "milliseconds"));
        }
        String service = request.parameter("service");
        Map<List<String>, Long> calls = new LinkedHashMap<>();
        for (DependencyLink link : store.get().getDependencies(end, lookback)) {
            if (service == null || service.isEmpty() || link.parent().equals(service)
                    || link.child().equals(service)) {
                calls.merge(List.of(link.parent(), link.child()), link.callCount(), Long::sum);
            }
        }
        return V1Envelope.ok(g -> {
            g.writeStartArray();
            for (Map.Entry<List<String>, Long> e : calls.entrySet()) {
                g.writeStartObject();
                g.writeStringField("parent", e.getKey().get(0));
                g.writeStringField("child", e.getKey().get(1));
                g.writeNumberField("callCount", e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
        }, 0);
    }

    private static Instant millis(ApiRequest request, String name, Instant fallback) {
        String value = request.parameter(name);
        return value == null || value.isEmpty() ? fallback
                : Instant.ofEpochMilli(parseLong(name, value, "Unix milliseconds"));
    }

    private static long parseLong(String name, String value, String unit) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("unable to parse param '" + name + "': '" + value + "' is not an integer ("
                    + unit + ")");
        }
    }

    private static void writeStrings(JsonGenerator g, Iterable<String> values) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
