package io.spanvault.exporter.loadbalancing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.spanvault.pipeline.otlp.Attributes;
import io.spanvault.pipeline.otlp.SpanGroups;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a request into one request per backend. By trace id every span goes where its trace id hashes to;
 * by service a whole resource goes where its {@code service.name} hashes to (a missing name counts as
 * {@code unknown_service}). Groups that stay whole are reused, not copied ({@link SpanGroups}).
 */
final class TraceRouter {
    private final RoutingKey key;

    TraceRouter(RoutingKey key) {
        this.key = key;
    }

    Map<String, ExportTraceServiceRequest> split(ExportTraceServiceRequest request, HashRing ring) {
        return key == RoutingKey.SERVICE ? byService(request, ring) : byTraceId(request, ring);
    }

    private static Map<String, ExportTraceServiceRequest> byService(ExportTraceServiceRequest request, HashRing ring) {
        Map<String, ExportTraceServiceRequest.Builder> out = new LinkedHashMap<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String endpoint = ring.endpointFor(Attributes.serviceName(rs.getResource()));
            out.computeIfAbsent(endpoint, e -> ExportTraceServiceRequest.newBuilder()).addResourceSpans(rs);
        }
        return build(out, request);
    }

    private static Map<String, ExportTraceServiceRequest> byTraceId(ExportTraceServiceRequest request, HashRing ring) {
        return SpanGroups.split(request, span -> ring.endpointFor(span.getTraceId()));
    }

    private static Map<String, ExportTraceServiceRequest> build(Map<String, ExportTraceServiceRequest.Builder> parts,
            ExportTraceServiceRequest whole) {
        if (parts.size() == 1) {
            return Map.of(parts.keySet().iterator().next(), whole);
        }
        Map<String, ExportTraceServiceRequest> out = new LinkedHashMap<>();
        parts.forEach((endpoint, builder) -> out.put(endpoint, builder.build()));
        return out;
    }
}
