package io.spanvault.exporter.loadbalancing;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.spanvault.pipeline.otlp.Attributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Routing by resource, for every signal: a whole resource entry (with all its scopes and items) goes to the
 * backend of its key, its {@code service.name} ({@code unknown_service} when missing, where the collector
 * refuses the entry) or its identity (every attribute, in key order).
 */
final class ResourceRouting {
    private ResourceRouting() {
    }

    /** The resource's key: its service name for {@link RoutingKey#SERVICE}, else its identity. */
    static String key(Resource resource, RoutingKey routing) {
        return routing == RoutingKey.SERVICE ? Attributes.serviceName(resource) : identity(resource);
    }

    /** Every attribute as {@code key=value}, sorted by key, so equal resources have equal identities. */
    static String identity(Resource resource) {
        return identity(resource.getAttributesList());
    }

    /** Attributes as {@code key=value}, sorted by key. */
    static String identity(List<KeyValue> unsorted) {
        List<KeyValue> attributes = new ArrayList<>(unsorted);
        attributes.sort(Comparator.comparing(KeyValue::getKey));
        StringBuilder out = new StringBuilder();
        for (KeyValue kv : attributes) {
            out.append(kv.getKey()).append('=').append(Attributes.text(kv.getValue())).append('\u001f');
        }
        return out.toString();
    }

    /**
     * Groups the resource entries {@code entries} of {@code whole} by the endpoint of their key and builds one
     * request per endpoint with {@code build}; all on one endpoint gives {@code whole} back.
     */
    static <T, R> Map<String, T> split(T whole, List<R> entries, Function<R, Resource> resourceOf,
            RoutingKey routing, HashRing ring, Function<List<R>, T> build) {
        Map<String, List<R>> parts = new LinkedHashMap<>();
        for (R entry : entries) {
            parts.computeIfAbsent(ring.endpointFor(key(resourceOf.apply(entry), routing)), e -> new ArrayList<>())
                    .add(entry);
        }
        if (parts.size() <= 1) {
            return parts.isEmpty() ? Map.of() : Map.of(parts.keySet().iterator().next(), whole);
        }
        Map<String, T> out = new LinkedHashMap<>();
        parts.forEach((endpoint, part) -> out.put(endpoint, build.apply(part)));
        return out;
    }
}
