package io.spanvault.exporter.loadbalancing;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a metrics request into one request per backend, as the collector's routing keys do: {@code service}
 * and {@code resource} move whole resources ({@link ResourceRouting}); {@code metric} sends each metric where
 * its name hashes to, so one metric's series from every resource meet; {@code streamID} sends each data point
 * where its stream (resource, scope, metric name, unit and type, data point attributes) hashes to, so one
 * series always reaches the same backend (for cumulative-to-delta and similar stateful processing).
 */
final class MetricRouter implements Router<ExportMetricsServiceRequest> {
    private final RoutingKey key;

    MetricRouter(RoutingKey key) {
        this.key = key;
    }

    @Override
    public Map<String, ExportMetricsServiceRequest> split(ExportMetricsServiceRequest request, HashRing ring) {
        if (key == RoutingKey.SERVICE || key == RoutingKey.RESOURCE) {
            return ResourceRouting.split(request, request.getResourceMetricsList(), ResourceMetrics::getResource,
                    key, ring, part -> ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(part).build());
        }
        Map<String, ExportMetricsServiceRequest.Builder> out = new LinkedHashMap<>();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            String resourceId = key == RoutingKey.STREAM_ID ? ResourceRouting.identity(rm.getResource()) : null;
            Map<String, ResourceMetrics.Builder> resources = new LinkedHashMap<>();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                String scopeId = resourceId == null ? null : resourceId + scopeIdentity(sm.getScope());
                Map<String, ScopeMetrics.Builder> scopes = new LinkedHashMap<>();
                for (Metric metric : sm.getMetricsList()) {
                    Map<String, Metric> parts = scopeId == null ? Map.of(ring.endpointFor(metric.getName()), metric)
                            : byStream(metric, scopeId, ring);
                    parts.forEach((endpoint, part) -> scopes.computeIfAbsent(endpoint, e -> ScopeMetrics.newBuilder()
                            .setScope(sm.getScope()).setSchemaUrl(sm.getSchemaUrl())).addMetrics(part));
                }
                scopes.forEach((endpoint, scope) -> resources.computeIfAbsent(endpoint, e -> ResourceMetrics
                        .newBuilder().setResource(rm.getResource()).setSchemaUrl(rm.getSchemaUrl()))
                        .addScopeMetrics(scopes.size() == 1 ? sm : scope.build()));
            }
            resources.forEach((endpoint, resource) -> out.computeIfAbsent(endpoint,
                    e -> ExportMetricsServiceRequest.newBuilder()).addResourceMetrics(resource));
        }
        if (out.size() == 1) {
            return Map.of(out.keySet().iterator().next(), request);
        }
        Map<String, ExportMetricsServiceRequest> parts = new LinkedHashMap<>();
        out.forEach((endpoint, builder) -> parts.put(endpoint, builder.build()));
        return parts;
    }

    /** The metric's data points by the endpoint of their stream; the metric itself when all go to one. */
    private static Map<String, Metric> byStream(Metric metric, String scopeId, HashRing ring) {
        String metricId = scopeId + metric.getName() + '\u001f' + metric.getUnit() + '\u001f' + metric.getDataCase()
                + '\u001f';
        return switch (metric.getDataCase()) {
            case GAUGE -> regroup(metric, metric.getGauge().getDataPointsList(), p -> p.getAttributesList(), metricId,
                    ring, (m, points) -> m.setGauge(metric.getGauge().toBuilder().clearDataPoints()
                            .addAllDataPoints(points)));
            case SUM -> regroup(metric, metric.getSum().getDataPointsList(), p -> p.getAttributesList(), metricId, ring,
                    (m, points) -> m.setSum(metric.getSum().toBuilder().clearDataPoints().addAllDataPoints(points)));
            case HISTOGRAM -> regroup(metric, metric.getHistogram().getDataPointsList(), p -> p.getAttributesList(),
                    metricId, ring, (m, points) -> m.setHistogram(metric.getHistogram().toBuilder().clearDataPoints()
                            .addAllDataPoints(points)));
            case EXPONENTIAL_HISTOGRAM -> regroup(metric, metric.getExponentialHistogram().getDataPointsList(),
                    p -> p.getAttributesList(), metricId, ring, (m, points) -> m.setExponentialHistogram(metric
                            .getExponentialHistogram().toBuilder().clearDataPoints().addAllDataPoints(points)));
            case SUMMARY -> regroup(metric, metric.getSummary().getDataPointsList(), p -> p.getAttributesList(),
                    metricId, ring, (m, points) -> m.setSummary(metric.getSummary().toBuilder().clearDataPoints()
                            .addAllDataPoints(points)));
            default -> Map.of(ring.endpointFor(metricId), metric);
        };
    }

    /** Sets the data points of one part on a copy of the metric. */
    private interface WithPoints<P> {
        void set(Metric.Builder metric, List<P> points);
    }

    private static <P> Map<String, Metric> regroup(Metric metric, List<P> points, Function<P, List<KeyValue>> attributes,
            String metricId, HashRing ring, WithPoints<P> withPoints) {
        Map<String, List<P>> byEndpoint = new LinkedHashMap<>();
        for (P point : points) {
            byEndpoint.computeIfAbsent(ring.endpointFor(metricId + attributeIdentity(attributes.apply(point))),
                    e -> new ArrayList<>()).add(point);
        }
        if (byEndpoint.size() <= 1) {
            return Map.of(byEndpoint.isEmpty() ? ring.endpointFor(metricId) : byEndpoint.keySet().iterator().next(),
                    metric);
        }
        Map<String, Metric> out = new LinkedHashMap<>();
        byEndpoint.forEach((endpoint, part) -> {
            Metric.Builder copy = metric.toBuilder();
            withPoints.set(copy, part);
            out.put(endpoint, copy.build());
        });
        return out;
    }

    private static String scopeIdentity(InstrumentationScope scope) {
        return scope.getName() + '\u001f' + scope.getVersion() + '\u001f' + attributeIdentity(scope.getAttributesList());
    }

    private static String attributeIdentity(List<KeyValue> attributes) {
        return ResourceRouting.identity(attributes);
    }
}
