package io.spanvault.exporter.loadbalancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.testkit.TestTraces;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The collector's routing keys for logs and metrics, on a ring of five backends. */
class LogAndMetricRoutersTest {
    private static final HashRing RING = new HashRing(List.of("a:4317", "b:4317", "c:4317", "d:4317", "e:4317"));
    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("lib").build();

    @Test
    void logsByTraceIdMeetTheirSpansAndLogsWithoutOneStayTogether() {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(SCOPE);
        for (long t = 0; t < 50; t++) {
            scope.addLogRecords(LogRecord.newBuilder().setTraceId(TestTraces.traceId(t)).setTimeUnixNano(t));
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(1000 + t));
        }
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                .newBuilder().setResource(TestTraces.resource("svc")).addScopeLogs(scope)).build();

        Map<String, ExportLogsServiceRequest> parts = new LogRouter(RoutingKey.TRACE_ID).split(request, RING);

        assertTrue(parts.size() > 1, "spread over backends");
        Set<String> untraced = new HashSet<>();
        int records = 0;
        for (Map.Entry<String, ExportLogsServiceRequest> part : parts.entrySet()) {
            ResourceLogs rl = part.getValue().getResourceLogs(0);
            assertEquals(TestTraces.resource("svc"), rl.getResource());
            assertEquals(SCOPE, rl.getScopeLogs(0).getScope());
            for (LogRecord record : rl.getScopeLogs(0).getLogRecordsList()) {
                records++;
                if (record.getTraceId().isEmpty()) {
                    untraced.add(part.getKey());
                } else {
                    assertEquals(RING.endpointFor(record.getTraceId()), part.getKey(), "a log goes where its trace goes");
                }
            }
        }
        assertEquals(100, records);
        assertEquals(1, untraced.size(), "records without a trace id go to one backend per request");
    }

    @Test
    void logsByServiceOrResourceMoveWholeResources() {
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        for (int i = 0; i < 20; i++) {
            Resource resource = Resource.newBuilder(TestTraces.resource("svc-" + (i % 4)))
                    .addAttributes(TestTraces.stringAttribute("host.name", "h" + i)).build();
            request.addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(ScopeLogs.newBuilder()
                    .addLogRecords(LogRecord.newBuilder().setTraceId(TestTraces.traceId(i)))));
        }
        Map<String, ExportLogsServiceRequest> byService = new LogRouter(RoutingKey.SERVICE).split(request.build(), RING);
        byService.forEach((endpoint, part) -> part.getResourceLogsList().forEach(rl -> assertEquals(
                RING.endpointFor(io.spanvault.pipeline.otlp.Attributes.serviceName(rl.getResource())), endpoint)));
        Map<String, ExportLogsServiceRequest> byResource = new LogRouter(RoutingKey.RESOURCE).split(request.build(),
                RING);
        assertEquals(20, byResource.values().stream().mapToInt(ExportLogsServiceRequest::getResourceLogsCount).sum());
        byResource.forEach((endpoint, part) -> part.getResourceLogsList().forEach(rl -> assertEquals(
                RING.endpointFor(ResourceRouting.identity(rl.getResource())), endpoint)));
        // The identity does not depend on the order of the attributes.
        Resource a = Resource.newBuilder().addAttributes(TestTraces.stringAttribute("x", "1"))
                .addAttributes(TestTraces.stringAttribute("y", "2")).build();
        Resource b = Resource.newBuilder().addAttributes(TestTraces.stringAttribute("y", "2"))
                .addAttributes(TestTraces.stringAttribute("x", "1")).build();
        assertEquals(ResourceRouting.identity(a), ResourceRouting.identity(b));
        ExportLogsServiceRequest one = ExportLogsServiceRequest.newBuilder().addResourceLogs(request.getResourceLogs(0))
                .build();
        assertSame(one, new LogRouter(RoutingKey.SERVICE).split(one, RING).values().iterator().next());
    }

    @Test
    void metricsByNameKeepEachMetricOnOneBackendAcrossResources() {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        for (int r = 0; r < 5; r++) {
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(SCOPE);
            for (int m = 0; m < 10; m++) {
                scope.addMetrics(gauge("metric-" + m, point("k", "v" + r)));
            }
            request.addResourceMetrics(ResourceMetrics.newBuilder().setResource(TestTraces.resource("svc-" + r))
                    .addScopeMetrics(scope));
        }
        Map<String, ExportMetricsServiceRequest> parts = new MetricRouter(RoutingKey.METRIC).split(request.build(), RING);
        assertTrue(parts.size() > 1);
        Map<String, String> backendOfMetric = new HashMap<>();
        int metrics = 0;
        for (Map.Entry<String, ExportMetricsServiceRequest> part : parts.entrySet()) {
            for (ResourceMetrics rm : part.getValue().getResourceMetricsList()) {
                for (Metric metric : rm.getScopeMetrics(0).getMetricsList()) {
                    metrics++;
                    String other = backendOfMetric.put(metric.getName(), part.getKey());
                    assertTrue(other == null || other.equals(part.getKey()), metric.getName() + " on two backends");
                    assertEquals(SCOPE, rm.getScopeMetrics(0).getScope());
                }
            }
        }
        assertEquals(50, metrics);
    }

    @Test
    void metricsByStreamIdSplitDataPointsBySeriesAndKeepTheMetricsShape() {
        Histogram.Builder histogram = Histogram.newBuilder().setAggregationTemporality(
                io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (int i = 0; i < 40; i++) {
            histogram.addDataPoints(HistogramDataPoint.newBuilder().addAttributes(TestTraces.stringAttribute("route",
                    "/r" + (i % 20))).setCount(i));
        }
        Metric metric = Metric.newBuilder().setName("latency").setUnit("ms").setHistogram(histogram).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(TestTraces.resource("svc")).addScopeMetrics(ScopeMetrics
                        .newBuilder().setScope(SCOPE).addMetrics(metric))).build();

        Map<String, ExportMetricsServiceRequest> parts = new MetricRouter(RoutingKey.STREAM_ID).split(request, RING);
        Map<String, String> backendOfSeries = new HashMap<>();
        int count = 0;
        assertTrue(parts.size() > 1, "twenty series spread over backends");
        for (Map.Entry<String, ExportMetricsServiceRequest> part : parts.entrySet()) {
            Metric piece = part.getValue().getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
            assertEquals("latency", piece.getName());
            assertEquals("ms", piece.getUnit());
            assertEquals(metric.getHistogram().getAggregationTemporality(), piece.getHistogram().getAggregationTemporality());
            for (HistogramDataPoint point : piece.getHistogram().getDataPointsList()) {
                count++;
                String series = point.getAttributes(0).getValue().getStringValue();
                String other = backendOfSeries.put(series, part.getKey());
                assertTrue(other == null || other.equals(part.getKey()), series + " on two backends");
            }
        }
        assertEquals(40, count);
        // Another request with the same series sends each one to the same backend again.
        Map<String, ExportMetricsServiceRequest> again = new MetricRouter(RoutingKey.STREAM_ID).split(request, RING);
        assertEquals(parts, again);
    }

    @Test
    void metricsByServiceByDefaultAndKeysAreCheckedAgainstTheSignal() {
        LoadBalancingExporterConfig defaults = new LoadBalancingExporterConfig(null, null, null);
        assertEquals(RoutingKey.TRACE_ID, defaults.routing(Signal.TRACES));
        assertEquals(RoutingKey.SERVICE, defaults.routing(Signal.LOGS));
        assertEquals(RoutingKey.SERVICE, defaults.routing(Signal.METRICS));
        assertEquals(RoutingKey.STREAM_ID, new LoadBalancingExporterConfig("streamID", null, null)
                .routing(Signal.METRICS));
        InvalidConfigException traceIdForMetrics = assertThrows(InvalidConfigException.class,
                () -> new LoadBalancingExporterConfig("traceID", null, null).routing(Signal.METRICS));
        assertTrue(traceIdForMetrics.getMessage().contains("routing_key")
                && traceIdForMetrics.getMessage().contains("service, resource, metric, streamID"),
                traceIdForMetrics.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> new LoadBalancingExporterConfig("metric", null, null).routing(Signal.TRACES));
        assertThrows(InvalidConfigException.class,
                () -> new LoadBalancingExporterConfig("metric", null, null).routing(Signal.LOGS));
    }

    private static Metric gauge(String name, NumberDataPoint point) {
        return Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder().addDataPoints(point)).build();
    }

    private static NumberDataPoint point(String key, String value) {
        return NumberDataPoint.newBuilder().addAttributes(TestTraces.stringAttribute(key, value)).setAsInt(1).build();
    }
}
