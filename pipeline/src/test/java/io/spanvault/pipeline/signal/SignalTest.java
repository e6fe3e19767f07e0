package io.spanvault.pipeline.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
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
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.testkit.TestTraces;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalTest {

    @Test
    void countsItemsOfEverySignal() {
        assertEquals(7, Signal.TRACES.itemCount(TestTraces.request("svc", 7)));
        assertEquals(5, Signal.METRICS.itemCount(metrics(2, 3)));
        assertEquals(4, Signal.LOGS.itemCount(logs("a", 4)));
    }

    @Test
    void splitKeepsEverySpanWithItsResourceAndScopeInOrder() {
        ExportTraceServiceRequest request = Signal.TRACES.merge(List.of(
                TestTraces.request("a", 5, 1), TestTraces.request("b", 4, 2)));

        List<ExportTraceServiceRequest> parts = Signal.TRACES.split(request, 3);

        assertEquals(List.of(3, 3, 3), parts.stream().map(Signal.TRACES::itemCount).toList());
        List<String> flattened = new ArrayList<>();
        for (ExportTraceServiceRequest part : parts) {
            for (ResourceSpans rs : part.getResourceSpansList()) {
                String service = rs.getResource().getAttributes(0).getValue().getStringValue();
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    assertEquals("test-scope", ss.getScope().getName());
                    for (Span span : ss.getSpansList()) {
                        flattened.add(service + ":" + span.getSpanId().toStringUtf8() + span.getName());
                    }
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = rs.getResource().getAttributes(0).getValue().getStringValue();
            for (Span span : rs.getScopeSpans(0).getSpansList()) {
                expected.add(service + ":" + span.getSpanId().toStringUtf8() + span.getName());
            }
        }
        assertEquals(expected, flattened);
        assertEquals(2, parts.get(1).getResourceSpansCount(), "the middle part holds the end of a and start of b");
    }

    @Test
    void splitOfASmallRequestIsTheRequestItself() {
        ExportTraceServiceRequest request = TestTraces.request("a", 3);
        assertSame(request, Signal.TRACES.split(request, 3).get(0));
        assertThrows(IllegalArgumentException.class, () -> Signal.TRACES.split(request, 0));
    }

    @Test
    void splitsMetricsAtDataPointsAcrossMetricTypes() {
        ExportMetricsServiceRequest request = metrics(3, 4);

        List<ExportMetricsServiceRequest> parts = Signal.METRICS.split(request, 2);

        assertEquals(List.of(2, 2, 2, 1), parts.stream().map(Signal.METRICS::itemCount).toList());
        Metric firstOfSecondPart = parts.get(1).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertEquals("gauge", firstOfSecondPart.getName());
        assertEquals(Metric.DataCase.GAUGE, firstOfSecondPart.getDataCase());
        Metric histogramPart = parts.get(2).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertEquals("latency", histogramPart.getName());
        assertEquals(2, histogramPart.getHistogram().getDataPointsCount());
        assertEquals(Histogram.getDefaultInstance().getAggregationTemporality(),
                histogramPart.getHistogram().getAggregationTemporality());
    }

    @Test
    void splitsLogs() {
        List<ExportLogsServiceRequest> parts = Signal.LOGS.split(logs("x", 5), 2);
        assertEquals(List.of(2, 2, 1), parts.stream().map(Signal.LOGS::itemCount).toList());
        assertEquals("line-4", parts.get(2).getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getBody().getStringValue());
    }

    @Test
    void mergeConcatenatesResourceGroups() {
        ExportLogsServiceRequest merged = Signal.LOGS.merge(List.of(logs("a", 1), logs("b", 2)));
        assertEquals(2, merged.getResourceLogsCount());
        assertEquals(3, Signal.LOGS.itemCount(merged));
    }

    @Test
    void findsSignalsByName() {
        assertSame(Signal.METRICS, Signal.byName("metrics").orElseThrow());
        assertEquals(false, Signal.byName("profiles").isPresent());
    }

    private static ExportMetricsServiceRequest metrics(int gaugePoints, int histogramPoints) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (int i = 0; i < gaugePoints; i++) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setAsInt(i));
        }
        Histogram.Builder histogram = Histogram.newBuilder();
        for (int i = 0; i < histogramPoints; i++) {
            histogram.addDataPoints(HistogramDataPoint.newBuilder().setCount(i));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(TestTraces.resource("m"))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("gauge").setGauge(gauge))
                        .addMetrics(Metric.newBuilder().setName("latency").setHistogram(histogram))))
                .build();
    }

    private static ExportLogsServiceRequest logs(String service, int records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < records; i++) {
            scope.addLogRecords(LogRecord.newBuilder().setBody(
                    io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("line-" + i)));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(TestTraces.resource(service)).addScopeLogs(scope)).build();
    }
}
