package io.spanvault.query.apiv3;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.query.http.ApiException;
import io.spanvault.query.http.ApiRequest;
import io.spanvault.query.http.ApiResponse;
import io.spanvault.query.http.GuardedRoute;
import io.spanvault.query.http.RouteHandler;
import io.spanvault.query.http.SearchLimits;
import io.spanvault.query.http.Router;
import io.spanvault.query.jaeger.JaegerIds;
import io.spanvault.storage.Operation;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.TraceReader;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Jaeger's api_v3 over HTTP ({@code /api/v3/...}), as its grpc-gateway serves it: traces in OTLP/JSON under
 * {@code result}, which Jaeger UI 2.15+ uses for services and operations and 2.19+ for search summaries.
 */
public final class V3Api {

    private final Supplier<TraceReader> store;
    private final SearchLimits limits;

    public V3Api(Supplier<TraceReader> store, SearchLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    public void register(Router router) {
        router.get("/api/v3/services", guarded(this::services))
                .get("/api/v3/operations", guarded(this::operations))
                .get("/api/v3/traces", guarded(this::findTraces))
                .get("/api/v3/traces/{traceID}", guarded(this::trace))
                .get("/api/v3/trace-summaries", guarded(this::traceSummaries));
    }

    private static RouteHandler guarded(RouteHandler handler) {
        return GuardedRoute.of(handler, V3Errors::error);
    }

    private ApiResponse services(ApiRequest request) {
        List<String> services = store.get().getServices();
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("services");
            for (String s : services) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private ApiResponse operations(ApiRequest request) {
        String service = request.parameter("service");
        if (service == null || service.isEmpty()) {
            throw ApiException.badRequest("parameter 'service' is required");
        }
        String kind = request.parameter("span_kind", "spanKind");
        List<Operation> operations = store.get().getOperations(service, kind == null || kind.isEmpty() ? null : kind);
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("operations");
            for (Operation op : operations) {
                g.writeStartObject();
                g.writeStringField("name", op.name());
                g.writeStringField("spanKind", op.spanKind());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private ApiResponse trace(ApiRequest request) {
        TraceId id;
        try {
            id = JaegerIds.parseTraceId(request.pathParameter("traceID"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed parameter trace_id: " + e.getMessage());
        }
        Optional<TracesData> trace = store.get().getTrace(id, time(request, "start_time", "startTime"),
                time(request, "end_time", "endTime"));
        if (trace.isEmpty()) {
            throw ApiException.notFound("trace not found");
        }
        TracesData found = trace.get();
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartObject();
            g.writeFieldName("result");
            OtlpJson.write(found, g);
            g.writeEndObject();
        });
    }

    /**
     * {@code {"result": TracesData}}, the resource spans of every found trace side by side, as Jaeger combines
     * them; traces are read one at a time while the response is written, which {@link SearchLimits} bounds.
     */
    private ApiResponse findTraces(ApiRequest request) {
        TraceReader reader = store.get();
        List<TraceId> ids = reader.findTraceIds(query(request));
        if (ids.isEmpty()) {
            // Jaeger's gateway answers an empty search with 404, and its clients expect that.
            throw ApiException.notFound("No traces found");
        }
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeArrayFieldStart("resourceSpans");
            for (TraceId id : ids) {
                if (limits.full(g)) {
                    break;
                }
                Optional<TracesData> trace = reader.getTrace(id, null, null);
                if (trace.isPresent()) {
                    for (ResourceSpans rs : trace.get().getResourceSpansList()) {
                        OtlpJson.write(rs, g);
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private ApiResponse traceSummaries(ApiRequest request) {
        TraceReader reader = store.get();
        List<TraceId> ids = reader.findTraceIds(query(request));
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("summaries");
            for (TraceId id : ids) {
                Optional<TracesData> trace = reader.getTrace(id, null, null);
                if (trace.isPresent() && trace.get().getResourceSpansCount() > 0) {
                    writeSummary(g, TraceSummary.of(trace.get()));
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private TraceQuery query(ApiRequest request) {
        TraceQuery query = V3QueryParser.parse(request);
        limits.checkLimit("query.search_depth", query.limit());
        return query;
    }

    private static void writeSummary(JsonGenerator g, TraceSummary s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("errorSpanCount", s.errorSpanCount());
        g.writeStringField("maxEndTimeUnixNano", Long.toUnsignedString(s.maxEndTimeUnixNano()));
        g.writeStringField("minStartTimeUnixNano", Long.toUnsignedString(s.minStartTimeUnixNano()));
        g.writeStringField("rootOperationName", s.rootOperationName());
        g.writeStringField("rootServiceName", s.rootServiceName());
        g.writeArrayFieldStart("services");
        for (Map.Entry<String, TraceSummary.ServiceCount> e : s.services().entrySet()) {
            g.writeStartObject();
            g.writeNumberField("errorSpanCount", e.getValue().errorSpanCount());
            g.writeStringField("name", e.getKey());
            g.writeNumberField("spanCount", e.getValue().spanCount());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("spanCount", s.spanCount());
        g.writeStringField("traceId", s.traceId().toHex());
        g.writeEndObject();
    }

    private static Instant time(ApiRequest request, String snake, String camel) {
        String value = request.parameter(snake, camel);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("malformed parameter " + snake + ": '" + value
                    + "' is not an RFC 3339 time such as 2024-01-15T10:00:00Z");
        }
    }
}
