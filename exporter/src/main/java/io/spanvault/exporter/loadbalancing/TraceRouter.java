package io.spanvault.exporter.loadbalancing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.otlp.Attributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a request into one request per backend. By trace id every span goes where its trace id hashes to;
 * by service a whole resource goes where its {@code service.name} hashes to (a missing name counts as
 * {@code unknown_service}). Groups that stay whole are reused, not copied; a request whose spans all go to
 * one backend is returned as it is.
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
        String single = null;
        boolean mixed = false;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    String endpoint = ring.endpointFor(span.getTraceId());
                    if (single == null) {
                        single = endpoint;
                    } else if (!single.equals(endpoint)) {
                        mixed = true;
                    }
                }
            }
        }
        if (single == null) {
            return Map.of();
        }
        if (!mixed) {
            return Map.of(single, request);
        }
        Map<String, ExportTraceServiceRequest.Builder> out = new LinkedHashMap<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            Map<String, ResourceSpans.Builder> resources = new LinkedHashMap<>();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                Map<String, ScopeSpans.Builder> scopes = new LinkedHashMap<>();
                for (Span span : ss.getSpansList()) {
                    scopes.computeIfAbsent(ring.endpointFor(span.getTraceId()), e -> ScopeSpans.newBuilder()
                            .setScope(ss.getScope()).setSchemaUrl(ss.getSchemaUrl())).addSpans(span);
                }
                scopes.forEach((endpoint, scope) -> resources.computeIfAbsent(endpoint, e -> ResourceSpans.newBuilder()
                        .setResource(rs.getResource()).setSchemaUrl(rs.getSchemaUrl())).addScopeSpans(scope));
            }
            resources.forEach((endpoint, resource) -> out.computeIfAbsent(endpoint,
                    e -> ExportTraceServiceRequest.newBuilder()).addResourceSpans(resource));
        }
        return build(out, request);
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
