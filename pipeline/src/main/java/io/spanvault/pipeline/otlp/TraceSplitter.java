package io.spanvault.pipeline.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a traces request into one request per trace id, each span kept under its own resource and scope
 * (the Collector's batchpersignal.SplitTraces), for components that route or key whole traces.
 */
public final class TraceSplitter {
    private TraceSplitter() {
    }

    /** The requests by trace id, in the order the traces first appear; one request comes back as itself. */
    public static Map<ByteString, ExportTraceServiceRequest> byTraceId(ExportTraceServiceRequest request) {
        ByteString only = singleTraceId(request);
        if (only != null) {
            return Map.of(only, request);
        }
        Map<ByteString, ExportTraceServiceRequest.Builder> traces = new LinkedHashMap<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            Map<ByteString, ResourceSpans.Builder> resourceByTrace = new LinkedHashMap<>();
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                Map<ByteString, ScopeSpans.Builder> scopeByTrace = new LinkedHashMap<>();
                for (Span span : scope.getSpansList()) {
                    scopeByTrace.computeIfAbsent(span.getTraceId(), id -> scope.toBuilder().clearSpans())
                            .addSpans(span);
                }
                scopeByTrace.forEach((id, s) -> resourceByTrace
                        .computeIfAbsent(id, i -> resource.toBuilder().clearScopeSpans()).addScopeSpans(s));
            }
            resourceByTrace.forEach((id, r) -> traces
                    .computeIfAbsent(id, i -> ExportTraceServiceRequest.newBuilder()).addResourceSpans(r));
        }
        Map<ByteString, ExportTraceServiceRequest> out = new LinkedHashMap<>();
        traces.forEach((id, builder) -> out.put(id, builder.build()));
        return out;
    }

    /** The trace id when every span has the same one, else null (also for a request without spans). */
    private static ByteString singleTraceId(ExportTraceServiceRequest request) {
        ByteString id = null;
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    if (id == null) {
                        id = span.getTraceId();
                    } else if (!id.equals(span.getTraceId())) {
                        return null;
                    }
                }
            }
        }
        return id;
    }
}
