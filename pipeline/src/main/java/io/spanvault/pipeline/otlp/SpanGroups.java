package io.spanvault.pipeline.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a trace request into one request per key of its spans (a trace id, a backend), each span under
 * its own resource and scope. Scopes whose spans all share a key are reused, not rebuilt, and a request
 * whose spans all share one key is returned as it is.
 */
public final class SpanGroups {
    private SpanGroups() {
    }

    public static <K> Map<K, ExportTraceServiceRequest> split(ExportTraceServiceRequest request,
            Function<Span, K> keyOf) {
        K single = null;
        boolean mixed = false;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    K key = keyOf.apply(span);
                    if (single == null) {
                        single = key;
                    } else if (!single.equals(key)) {
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
        Map<K, ExportTraceServiceRequest.Builder> out = new LinkedHashMap<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            Map<K, ResourceSpans.Builder> resources = new LinkedHashMap<>();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                K only = sharedKey(ss, keyOf);
                if (only != null) {
                    resource(resources, only, rs).addScopeSpans(ss);
                    continue;
                }
                Map<K, ScopeSpans.Builder> scopes = new LinkedHashMap<>();
                for (Span span : ss.getSpansList()) {
                    scopes.computeIfAbsent(keyOf.apply(span), k -> ScopeSpans.newBuilder().setScope(ss.getScope())
                            .setSchemaUrl(ss.getSchemaUrl())).addSpans(span);
                }
                scopes.forEach((key, scope) -> resource(resources, key, rs).addScopeSpans(scope));
            }
            resources.forEach((key, resource) -> out.computeIfAbsent(key, k -> ExportTraceServiceRequest.newBuilder())
                    .addResourceSpans(resource));
        }
        Map<K, ExportTraceServiceRequest> parts = new LinkedHashMap<>();
        out.forEach((key, builder) -> parts.put(key, builder.build()));
        return parts;
    }

    private static <K> K sharedKey(ScopeSpans ss, Function<Span, K> keyOf) {
        K shared = null;
        for (Span span : ss.getSpansList()) {
            K key = keyOf.apply(span);
            if (shared == null) {
                shared = key;
            } else if (!shared.equals(key)) {
                return null;
            }
        }
        return shared;
    }

    private static <K> ResourceSpans.Builder resource(Map<K, ResourceSpans.Builder> resources, K key,
            ResourceSpans rs) {
        return resources.computeIfAbsent(key, k -> ResourceSpans.newBuilder().setResource(rs.getResource())
                .setSchemaUrl(rs.getSchemaUrl()));
    }
}
