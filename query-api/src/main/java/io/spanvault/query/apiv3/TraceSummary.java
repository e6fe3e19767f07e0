package io.spanvault.query.apiv3;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.query.jaeger.OtlpToJaeger;
import io.spanvault.storage.TraceId;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a search result list shows of a trace without loading its spans: the root span's service and operation
 * (the earliest span without a parent, else the earliest span), time span, and span and error counts, overall
 * and per service.
 */
record TraceSummary(TraceId traceId, String rootServiceName, String rootOperationName, long minStartTimeUnixNano,
        long maxEndTimeUnixNano, int spanCount, int errorSpanCount, Map<String, ServiceCount> services) {

    /** The spans and error spans of one service in the trace. */
    record ServiceCount(int spanCount, int errorSpanCount) {
    }

    static TraceSummary of(TracesData trace) {
        TraceId traceId = null;
        Span root = null;
        String rootService = "";
        boolean rootHasNoParent = false;
        long minStart = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;
        int spans = 0;
        int errors = 0;
        Map<String, ServiceCount> services = new TreeMap<>();
        for (ResourceSpans resourceSpans : trace.getResourceSpansList()) {
            String service = serviceName(resourceSpans);
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    if (traceId == null) {
                        traceId = TraceId.of(span.getTraceId());
                    }
                    boolean error = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
                    spans++;
                    errors += error ? 1 : 0;
                    services.merge(service, new ServiceCount(1, error ? 1 : 0),
                            (a, b) -> new ServiceCount(a.spanCount() + b.spanCount(),
                                    a.errorSpanCount() + b.errorSpanCount()));
                    minStart = Math.min(minStart, span.getStartTimeUnixNano());
                    maxEnd = Math.max(maxEnd, span.getEndTimeUnixNano());
                    boolean noParent = span.getParentSpanId().isEmpty();
                    if (root == null || (noParent && !rootHasNoParent) || (noParent == rootHasNoParent
                            && span.getStartTimeUnixNano() < root.getStartTimeUnixNano())) {
                        root = span;
                        rootService = service;
                        rootHasNoParent = noParent;
                    }
                }
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("a trace without spans has no summary");
        }
        return new TraceSummary(traceId, rootService, root.getName(), minStart, maxEnd, spans, errors, services);
    }

    private static String serviceName(ResourceSpans resourceSpans) {
        for (KeyValue attribute : resourceSpans.getResource().getAttributesList()) {
            if (attribute.getKey().equals("service.name") && attribute.getValue().hasStringValue()) {
                return attribute.getValue().getStringValue();
            }
        }
        return OtlpToJaeger.NO_SERVICE_NAME;
    }
}
