package io.spanvault.exporter.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
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
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.testkit.TestTraces;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugExporterTest {
    private final List<String> lines = new ArrayList<>();

    private <T extends com.google.protobuf.Message> void export(Signal<T> signal, Verbosity verbosity, T request) {
        new DebugExporter<>(signal, verbosity, lines::add).consume(request).toCompletableFuture().join();
    }

    @Test
    void basicWritesOnlyTheCounts() {
        export(Signal.TRACES, Verbosity.BASIC, TestTraces.request("checkout", 3));
        assertEquals(List.of("traces: resource_spans=1 spans=3"), lines);
    }

    @Test
    void normalWritesOneLinePerSpan() {
        ExportTraceServiceRequest request = TestTraces.request("checkout", 2);
        export(Signal.TRACES, Verbosity.NORMAL, request);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("    span service=checkout trace_id=0000000000005a5a0000000000000001 span_id=00000000000186a1"
                + " name=\"op-0\" kind=server duration=500us status=unset", lines.get(1));
        assertTrue(lines.get(2).contains("span_id=00000000000186a2 name=\"op-1\""), lines.get(2));
    }

    @Test
    void detailedWritesResourcesScopesAndEveryField() {
        export(Signal.TRACES, Verbosity.DETAILED, TestTraces.request("checkout", 1));
        assertEquals(List.of("traces: resource_spans=1 spans=1", "resource #0 {service.name=checkout}",
                "  scope #0 test-scope@1.0"), lines.subList(0, 3));
        assertTrue(lines.get(3).startsWith("    span service=checkout"), lines.get(3));
        assertTrue(lines.get(4).contains("key: \"http.route\""), lines.get(4));
        assertTrue(lines.get(4).contains("start_time_unix_nano: 1700000000001000000"), lines.get(4));
    }

    @Test
    void logsOneLinePerRecord() {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(TestTraces.resource("billing")).addScopeLogs(ScopeLogs.newBuilder().addLogRecords(
                        LogRecord.newBuilder().setTimeUnixNano(1_700_000_000_000_000_000L).setSeverityText("WARN")
                                .setBody(AnyValue.newBuilder().setStringValue("card declined"))
                                .setTraceId(TestTraces.traceId(7)))))
                .build();
        export(Signal.LOGS, Verbosity.NORMAL, request);
        assertEquals(List.of("logs: resource_logs=1 log_records=1",
                "    log service=billing time=2023-11-14T22:13:20Z severity=WARN"
                        + " trace_id=0000000000005a5a0000000000000007 body=\"card declined\""), lines);
    }

    @Test
    void metricsOneLinePerDataPoint() {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(TestTraces.resource("api")).addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("queue.depth").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(4)
                                        .addAttributes(TestTraces.stringAttribute("queue", "orders")))))
                        .addMetrics(Metric.newBuilder().setName("latency").setHistogram(Histogram.newBuilder()
                                .addDataPoints(HistogramDataPoint.newBuilder().setCount(2).setSum(0.5))))))
                .build();
        export(Signal.METRICS, Verbosity.NORMAL, request);
        assertEquals(List.of("metrics: resource_metrics=1 metrics=2 data_points=2",
                "    point service=api metric=queue.depth type=gauge value=4 time=1970-01-01T00:00:00Z attributes={queue=orders}",
                "    point service=api metric=latency type=histogram count=2 sum=0.5 time=1970-01-01T00:00:00Z"), lines);
    }

    @Test
    void detailedLogsAndMetricsShowResourcesScopesAndEveryField() {
        export(Signal.LOGS, Verbosity.DETAILED, ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(TestTraces.resource("billing")).addScopeLogs(ScopeLogs.newBuilder().addLogRecords(
                        LogRecord.newBuilder().setSeverityText("INFO").setEventName("payment.done")
                                .addAttributes(TestTraces.stringAttribute("amount", "12")))))
                .build());
        assertEquals("resource #0 {service.name=billing}", lines.get(1));
        assertTrue(lines.get(4).contains("event_name: \"payment.done\"") && lines.get(4).contains("key: \"amount\""),
                lines.toString());

        lines.clear();
        export(Signal.METRICS, Verbosity.DETAILED, ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()
                        .setName("cpu").setUnit("1").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(0.25))))))
                .build());
        assertEquals("    point service= metric=cpu type=gauge value=0.25 time=1970-01-01T00:00:00Z", lines.get(3));
        assertTrue(lines.get(4).contains("unit: \"1\"") && lines.get(4).contains("as_double: 0.25"), lines.toString());
    }

    @Test
    void factoryDefaultsToBasicAndAcceptsTheOldName() {
        DebugExporterFactory factory = new DebugExporterFactory();
        assertEquals(Verbosity.BASIC, factory.defaultConfig().verbosity());
        assertTrue(factory.aliases().contains("logging"));
    }
}
