package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.spanvault.pipeline.testkit.TestTraces;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs balanced by trace id and metrics by stream, through two {@code loadbalancing} exporters of one
 * Spanvault to two receiving Spanvault instances that write what they accept to files; real gRPC clients.
 */
class LoadBalancingLogsAndMetricsEndToEndTest {
    @TempDir
    Path dir;

    private final InProcessServices services = new InProcessServices();
    private ManagedChannel channel;

    @AfterEach
    void stopAll() {
        if (channel != null) {
            channel.shutdownNow();
        }
        services.close();
    }

    @Test
    void logsOfATraceMeetOnOneBackendAndEachMetricSeriesStaysOnOne() throws Exception {
        int[] ports = {InProcessServices.freePort(), InProcessServices.freePort()};
        for (int i = 0; i < 2; i++) {
            services.start("backend-" + i, """
                    receivers:
                      otlp:
                        protocols:
                          grpc:
                            endpoint: 127.0.0.1:%d
                    exporters:
                      file/logs:
                        path: %s
                        format: proto
                        flush_interval: 0s
                      file/metrics:
                        path: %s
                        format: proto
                        flush_interval: 0s
                    service:
                      telemetry:
                        metrics:
                          address: 127.0.0.1:0
                      pipelines:
                        logs:
                          receivers: [otlp]
                          exporters: [file/logs]
                        metrics:
                          receivers: [otlp]
                          exporters: [file/metrics]
                    """.formatted(ports[i], logs(i), metrics(i)));
        }
        int lbPort = InProcessServices.freePort();
        String backends = "[127.0.0.1:%d, 127.0.0.1:%d]".formatted(ports[0], ports[1]);
        services.start("lb", """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                exporters:
                  loadbalancing/logs:
                    routing_key: traceID
                    protocol: {otlp: {tls: {insecure: true}}}
                    resolver: {static: {hostnames: %s}}
                  loadbalancing/metrics:
                    routing_key: streamID
                    protocol: {otlp: {tls: {insecure: true}}}
                    resolver: {static: {hostnames: %s}}
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                  pipelines:
                    logs:
                      receivers: [otlp]
                      exporters: [loadbalancing/logs]
                    metrics:
                      receivers: [otlp]
                      exporters: [loadbalancing/metrics]
                """.formatted(lbPort, backends, backends));
        channel = Grpc.newChannelBuilder("127.0.0.1:" + lbPort, InsecureChannelCredentials.create()).build();

        // 100 traces with two log records each, sent in two requests; 50 series of one gauge, in five requests.
        LogsServiceGrpc.LogsServiceBlockingStub logClient = LogsServiceGrpc.newBlockingStub(channel);
        for (int n = 0; n < 2; n++) {
            ScopeLogs.Builder scope = ScopeLogs.newBuilder();
            for (long t = 0; t < 100; t++) {
                scope.addLogRecords(LogRecord.newBuilder().setTraceId(TestTraces.traceId(t))
                        .setTimeUnixNano(t * 10 + n));
            }
            logClient.withDeadlineAfter(10, TimeUnit.SECONDS).export(ExportLogsServiceRequest.newBuilder()
                    .addResourceLogs(ResourceLogs.newBuilder().setResource(TestTraces.resource("svc"))
                            .addScopeLogs(scope)).build());
        }
        MetricsServiceGrpc.MetricsServiceBlockingStub metricClient = MetricsServiceGrpc.newBlockingStub(channel);
        for (int round = 0; round < 5; round++) {
            Gauge.Builder gauge = Gauge.newBuilder();
            for (int series = 0; series < 50; series++) {
                gauge.addDataPoints(NumberDataPoint.newBuilder().addAttributes(TestTraces.stringAttribute("series",
                        "s" + series)).setTimeUnixNano(round).setAsInt(round));
            }
            metricClient.withDeadlineAfter(10, TimeUnit.SECONDS).export(ExportMetricsServiceRequest.newBuilder()
                    .addResourceMetrics(ResourceMetrics.newBuilder().setResource(TestTraces.resource("svc"))
                            .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()
                                    .setName("queue.depth").setGauge(gauge)))).build());
        }

        Map<ByteString, Set<Integer>> backendsOfTrace = new HashMap<>();
        Map<String, Set<Integer>> backendsOfSeries = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int records;
        int points;
        do {
            assertTrue(System.nanoTime() < deadline, "every log record and data point reaches a backend");
            Thread.sleep(50);
            backendsOfTrace.clear();
            backendsOfSeries.clear();
            records = 0;
            points = 0;
            for (int i = 0; i < 2; i++) {
                int backend = i;
                for (ExportLogsServiceRequest request : InProcessServices.requestsIn(logs(i),
                        ExportLogsServiceRequest.parser())) {
                    for (LogRecord record : request.getResourceLogs(0).getScopeLogs(0).getLogRecordsList()) {
                        records++;
                        backendsOfTrace.computeIfAbsent(record.getTraceId(), t -> new HashSet<>()).add(backend);
                    }
                }
                for (ExportMetricsServiceRequest request : InProcessServices.requestsIn(metrics(i),
                        ExportMetricsServiceRequest.parser())) {
                    Metric metric = request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
                    assertEquals("queue.depth", metric.getName());
                    for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
                        points++;
                        backendsOfSeries.computeIfAbsent(point.getAttributes(0).getValue().getStringValue(),
                                s -> new HashSet<>()).add(backend);
                    }
                }
            }
        } while (records < 200 || points < 250);

        assertEquals(200, records);
        assertEquals(250, points);
        backendsOfTrace.values().forEach(on -> assertEquals(1, on.size(), "a trace's logs on backends " + on));
        backendsOfSeries.values().forEach(on -> assertEquals(1, on.size(), "a series on backends " + on));
        assertEquals(Set.of(0, 1), union(backendsOfTrace), "both backends got logs");
        assertEquals(Set.of(0, 1), union(backendsOfSeries), "both backends got series");
    }

    private static <K> Set<Integer> union(Map<K, Set<Integer>> placement) {
        Set<Integer> all = new HashSet<>();
        placement.values().forEach(all::addAll);
        return all;
    }

    private Path logs(int backend) {
        return dir.resolve("logs-" + backend + ".otlp");
    }

    private Path metrics(int backend) {
        return dir.resolve("metrics-" + backend + ".otlp");
    }
}
