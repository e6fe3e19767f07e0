package io.spanvault.query.zipkin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.query.http.ApiException;
import io.spanvault.query.http.ApiRequest;
import io.spanvault.query.http.ApiResponse;
import io.spanvault.query.http.GuardedRoute;
import io.spanvault.query.http.RouteHandler;
import io.spanvault.query.http.Router;
import io.spanvault.query.http.SearchLimits;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.Operation;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.TraceReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Zipkin's v2 query API ({@code /api/v2/...}, see openzipkin's zipkin2-api.yaml) over the store, in Zipkin's
 * JSON v2 span model. Also served under {@code /zipkin/api/v2}, where Zipkin Lens (served at {@code /zipkin/})
 * looks for it. Errors are text, with Zipkin's status codes: 400 for a bad or missing parameter, 404 for an
 * unknown trace.
 */
public final class ZipkinV2Api {
    /** Zipkin's {@code zipkin.query.lookback} default: one day. */
    static final Duration DEFAULT_LOOKBACK = Duration.ofDays(1);
    static final int DEFAULT_LIMIT = 10;
    /** How many recent traces autocomplete looks through. */
    private static final int AUTOCOMPLETE_TRACES = 100;

    private final Supplier<TraceReader> store;
    private final Clock clock;
    private final SearchLimits limits;

    public ZipkinV2Api(Supplier<TraceReader> store, Clock clock, SearchLimits limits) {
        this.store = store;
        this.clock = clock;
        this.limits = limits;
    }

    public void register(Router router) {
        for (String prefix : List.of("/api/v2", "/zipkin/api/v2")) {
            router.get(prefix + "/services", guarded(this::services))
                    .get(prefix + "/spans", guarded(this::spanNames))
                    .get(prefix + "/remoteServices", guarded(this::remoteServices))
                    .get(prefix + "/traces", guarded(this::traces))
                    .get(prefix + "/trace/{traceId}", guarded(this::trace))
                    .get(prefix + "/traceMany", guarded(this::traceMany))
                    .get(prefix + "/dependencies", guarded(this::dependencies))
                    .get(prefix + "/autocompleteKeys", guarded(this::autocompleteKeys))
                    .get(prefix + "/autocompleteValues", guarded(this::autocompleteValues));
        }
    }

    /** True for paths of this API, so unknown ones get its 404 rather than a UI page. */
    public static boolean owns(String path) {
        return path.startsWith("/api/v2/") || path.startsWith("/zipkin/api/");
    }

    public static ApiResponse notFound(ApiRequest request) {
        return error(HttpResponseStatus.NOT_FOUND, "no Zipkin API at " + request.path());
    }

    private static RouteHandler guarded(RouteHandler handler) {
        return GuardedRoute.of(handler, ZipkinV2Api::error);
    }

    private static ApiResponse error(HttpResponseStatus status, String message) {
        return ApiResponse.text(status, "text/plain; charset=utf-8", message);
    }

    private ApiResponse services(ApiRequest request) {
        return strings(store.get().getServices());
    }

    private ApiResponse spanNames(ApiRequest request) {
        String service = required(request, "serviceName");
        TreeSet<String> names = new TreeSet<>();
        for (Operation operation : store.get().getOperations(service, null)) {
            names.add(operation.name());
        }
        return strings(names);
    }

    private ApiResponse remoteServices(ApiRequest request) {
        String service = required(request, "serviceName");
        TraceQuery query = TraceQuery.builder().serviceName(service).startTimeMin(clock.instant().minus(DEFAULT_LOOKBACK))
                .limit(AUTOCOMPLETE_TRACES * 10).build();
        TreeSet<String> remote = new TreeSet<>();
        for (TracesData trace : store.get().findTraces(query)) {
            forEachSpan(trace, service, span -> {
                for (KeyValue attribute : span.getAttributesList()) {
                    if (attribute.getKey().equals("peer.service")) {
                        remote.add(ZipkinSpanWriter.text(attribute.getValue()));
                    }
                }
            });
        }
        return strings(remote);
    }

    private ApiResponse traces(ApiRequest request) {
        ZipkinTraceSearch search = ZipkinTraceSearch.parse(request, clock.instant());
        limits.checkLimit("limit", search.query().limit());
        List<TracesData> found = new ArrayList<>();
        for (TracesData trace : store.get().findTraces(search.query())) {
            if (search.matchesKeys(trace)) {
                found.add(trace);
            }
        }
        return traceList(found);
    }

    private ApiResponse trace(ApiRequest request) {
        TraceId id = traceId(request.pathParameter("traceId"));
        Optional<TracesData> trace = store.get().getTrace(id, null, null);
        if (trace.isEmpty()) {
            throw ApiException.notFound("Cannot find trace " + request.pathParameter("traceId"));
        }
        return ApiResponse.json(HttpResponseStatus.OK, g -> ZipkinSpanWriter.writeTrace(g, trace.get()));
    }

    private ApiResponse traceMany(ApiRequest request) {
        String[] ids = required(request, "traceIds").split(",");
        limits.checkLimit("traceIds", ids.length);
        List<TracesData> found = new ArrayList<>();
        for (String id : ids) {
            if (!id.isBlank()) {
                store.get().getTrace(traceId(id.trim()), null, null).ifPresent(found::add);
            }
        }
        return traceList(found);
    }

    private ApiResponse dependencies(ApiRequest request) {
        long endTs = ZipkinTraceSearch.positiveLong(request, "endTs", null);
        long lookback = ZipkinTraceSearch.positiveLong(request, "lookback", endTs);
        Map<List<String>, Long> calls = new LinkedHashMap<>();
        for (DependencyLink link : store.get().getDependencies(Instant.ofEpochMilli(endTs),
                Duration.ofMillis(lookback))) {
            calls.merge(List.of(link.parent(), link.child()), link.callCount(), Long::sum);
        }
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartArray();
            for (Map.Entry<List<String>, Long> call : calls.entrySet()) {
                g.writeStartObject();
                g.writeStringField("parent", call.getKey().get(0));
                g.writeStringField("child", call.getKey().get(1));
                g.writeNumberField("callCount", call.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /**
     * Zipkin lists only keys configured in {@code autocomplete-keys}; without that setting there are none to
     * list, so the keys here are those of the span attributes of recent traces.
     */
    private ApiResponse autocompleteKeys(ApiRequest request) {
        TreeSet<String> keys = new TreeSet<>();
        for (TracesData trace : recentTraces()) {
            forEachSpan(trace, null, span -> span.getAttributesList().forEach(a -> keys.add(a.getKey())));
        }
        return strings(keys);
    }

    private ApiResponse autocompleteValues(ApiRequest request) {
        String key = required(request, "key");
        TreeSet<String> values = new TreeSet<>();
        for (TracesData trace : recentTraces()) {
            forEachSpan(trace, null, span -> {
                for (KeyValue attribute : span.getAttributesList()) {
                    if (attribute.getKey().equals(key)) {
                        values.add(ZipkinSpanWriter.text(attribute.getValue()));
                    }
                }
            });
        }
        return strings(values);
    }

    private List<TracesData> recentTraces() {
        return store.get().findTraces(TraceQuery.builder().startTimeMin(clock.instant().minus(DEFAULT_LOOKBACK))
                .limit(AUTOCOMPLETE_TRACES).build());
    }

    /** Calls {@code action} for each span, only those of {@code service} when it is not null. */
    static void forEachSpan(TracesData trace, String service, java.util.function.Consumer<Span> action) {
        for (ResourceSpans resource : trace.getResourceSpansList()) {
            if (service != null && !service.equals(ZipkinSpanWriter.serviceName(resource.getResource()))) {
                continue;
            }
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList().forEach(action);
            }
        }
    }

    private static TraceId traceId(String hex) {
        if (hex.length() != 16 && hex.length() != 32) {
            throw ApiException.badRequest("traceId '" + hex + "' must be 16 or 32 lower-hex characters");
        }
        try {
            return TraceId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static String required(ApiRequest request, String name) {
        String value = request.parameter(name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("parameter '" + name + "' is required");
        }
        return value;
    }

    /** Zipkin's answer has no room for a warning: past max_response_size the list just ends. */
    private ApiResponse traceList(List<TracesData> traces) {
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartArray();
            for (TracesData trace : traces) {
                if (limits.full(g)) {
                    break;
                }
                ZipkinSpanWriter.writeTrace(g, trace);
            }
            g.writeEndArray();
        });
    }

    private static ApiResponse strings(Collection<String> values) {
        return ApiResponse.json(HttpResponseStatus.OK, g -> writeStrings(g, values));
    }

    private static void writeStrings(JsonGenerator g, Collection<String> values) throws IOException {
        g.writeStartArray();
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }
}
