package io.spanvault.exporter.loadbalancing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.spanvault.pipeline.otlp.SpanGroups;
import java.util.Map;

/**
 * Splits a trace request into one request per backend. By trace id every span goes where its trace id hashes
 * to; by service a whole resource goes where its {@code service.name} hashes to. Groups that stay whole are
 * reused, not copied ({@link SpanGroups}).
 */
final class TraceRouter implements Router<ExportTraceServiceRequest> {
    private final RoutingKey key;

    TraceRouter(RoutingKey key) {
        this.key = key;
    }

    @Override
    public Map<String, ExportTraceServiceRequest> split(ExportTraceServiceRequest request, HashRing ring) {
        if (key == RoutingKey.TRACE_ID) {
            return SpanGroups.split(request, span -> ring.endpointFor(span.getTraceId()));
        }
        return ResourceRouting.split(request, request.getResourceSpansList(), ResourceSpans::getResource, key, ring,
                part -> ExportTraceServiceRequest.newBuilder().addAllResourceSpans(part).build());
    }
}
