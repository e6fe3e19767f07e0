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
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spanvault with the {@code loadbalancing} exporter in front of three receiving Spanvault instances, all
 * in this JVM on loopback ports: each backend receives OTLP/gRPC and writes what it accepted to a file. A
 * real gRPC client sends every trace as three requests, each holding one span of many traces; logs are
 * balanced by trace id and metrics by stream through two more {@code loadbalancing} exporters.
 */
class LoadBalancingEndToEndTest {
    private static final String RETRY = """
            retry_on_failure:
              initial_interval: 50ms
              max_interval: 200ms
              max_elapsed_time: 0s
            """;

    @TempDir
    Path dir;

    private final InProcessServices services = new InProcessServices();
    private ManagedChannel channel;

    @AfterEach
    void stopAll() {
        closeChannel();
        services.close();
    }

    @Test
    void everySpanOfATraceLandsOnOneBackendAndABackendStoppedMidRunLosesNothingAcknowledged() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        SpanvaultService[] backends = new SpanvaultService[3];
        for (int i = 0; i < 3; i++) {
            backends[i] = backend(i, ports[i]);
        }
        int lbPort = freePort();
        services.start("lb", GatewayTiers.loadBalancer(lbPort, RETRY, List.of(ports[0], ports[1], ports[2])));
        TraceServiceGrpc.TraceServiceBlockingStub client = connect(lbPort);

        Set<ByteString> acknowledged = new HashSet<>();
        for (int round = 0; round < 10; round++) {
            acknowledged.addAll(sendTraces(client, round * 100L, 100));
        }
        Map<ByteString, Integer> spansPerTrace = awaitSpans(acknowledged.size());
        Map<ByteString, Set<Integer>> backendsOfTrace = backendsOfTrace();
        assertEquals(1000, backendsOfTrace.size());
        backendsOfTrace.forEach((trace, on) -> assertEquals(1, on.size(), "trace on backends " + on));
        assertTrue(spansPerTrace.values().stream().allMatch(n -> n == 3));
        Set<Integer> used = backendsOfTrace.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertEquals(Set.of(0, 1, 2), used, "every backend got a share");

        // Backend 1 stops mid-run: the load balancer keeps acknowledging (its queue holds backend 1's share
        // and retries), backend 1 comes back on the same port, and every acknowledged span arrives.
        services.stop(backends[1]);
        for (int round = 10; round < 15; round++) {
            acknowledged.addAll(sendTraces(client, round * 100L, 100));
        }
        backends[1] = backend(1, ports[1]);
        for (int round = 15; round < 20; round++) {
            acknowledged.addAll(sendTraces(client, round * 100L, 100));
        }
        awaitSpans(acknowledged.size());
        assertEquals(acknowledged, received().keySet(), "every acknowledged span reached a backend");
    }

    @Test
    void aBackendStoppedMidRunAndRemovedFromTheListLosesNothingAcknowledgedToItsPersistentQueue() throws Exception {
        int[] ports = {freePort(), freePort()};
        SpanvaultService gone = backend(0, ports[0]);
        backend(1, ports[1]);
        String persistent = RETRY + """
                sending_queue:
                  storage: %s
                """.formatted(dir.resolve("queues"));
        int lbPort = freePort();
        SpanvaultService lb = services.start("lb", GatewayTiers.loadBalancer(lbPort, persistent,
                List.of(ports[0], ports[1])));
        TraceServiceGrpc.TraceServiceBlockingStub client = connect(lbPort);
        Set<ByteString> acknowledged = new HashSet<>(sendTraces(client, 0, 100));
        awaitSpans(acknowledged.size());
        assertTrue(!spansIn(spanFile(0)).isEmpty() && !spansIn(spanFile(1)).isEmpty(), "both backends got a share");

        // Backend 0 stops for good; its share of what follows is acknowledged into its queue on disk. The
        // load balancer restarts with a list that no longer names it: that queue goes to backend 1.
        services.stop(gone);
        int before = spansIn(spanFile(0)).size();
        for (int round = 1; round < 6; round++) {
            acknowledged.addAll(sendTraces(client, round * 100L, 100));
        }
        closeChannel();
        services.stop(lb);
        services.start("lb", GatewayTiers.loadBalancer(lbPort, persistent, List.of(ports[1])));
        awaitSpans(acknowledged.size());
        assertEquals(acknowledged, received().keySet(), "every acknowledged span reached a backend");
        assertEquals(before, spansIn(spanFile(0)).size(), "nothing reached the stopped backend");
        Path queueOfGone = dir.resolve("queues/loadbalancing-127.0.0.1_" + ports[0]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(queueOfGone)) {
            assertTrue(System.nanoTime() < deadline, "the drained queue of the removed backend is deleted");
            Thread.sleep(50);
        }
        assertEquals(List.of("127.0.0.1:" + ports[1]), Files.readAllLines(dir.resolve("queues/loadbalancing.traces.endpoints")));
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
        connect(lbPort);

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

    private TraceServiceGrpc.TraceServiceBlockingStub connect(int port) {
        channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
        return TraceServiceGrpc.newBlockingStub(channel);
    }

    private void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
    }

    private SpanvaultService backend(int index, int port) throws Exception {
        return services.start("backend-" + index, GatewayTiers.fileBackend(port, "", spanFile(index)));
    }

    private Path spanFile(int index) {
        return dir.resolve("backend-" + index + ".otlp");
    }

    /** Sends {@code count} traces of three spans; returns the span ids the load balancer acknowledged. */
    private static Set<ByteString> sendTraces(TraceServiceGrpc.TraceServiceBlockingStub client, long first, int count) {
        Set<ByteString> spanIds = new HashSet<>();
        for (int n = 0; n < 3; n++) {
            ExportTraceServiceRequest request = GatewayTiers.nthSpans(first, count, n, GatewayTiers.SpanEdit.NONE);
            client.withDeadlineAfter(10, TimeUnit.SECONDS).export(request);
            request.getResourceSpans(0).getScopeSpans(0).getSpansList().forEach(s -> spanIds.add(s.getSpanId()));
        }
        return spanIds;
    }

    /** Span id → trace id of every span in the backends' files. */
    private Map<ByteString, ByteString> received() throws IOException {
        Map<ByteString, ByteString> spans = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            for (Span span : spansIn(spanFile(i))) {
                spans.put(span.getSpanId(), span.getTraceId());
            }
        }
        return spans;
    }

    private Map<ByteString, Set<Integer>> backendsOfTrace() throws IOException {
        Map<ByteString, Set<Integer>> out = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            for (Span span : spansIn(spanFile(i))) {
                out.computeIfAbsent(span.getTraceId(), t -> new HashSet<>()).add(i);
            }
        }
        return out;
    }

    private Map<ByteString, Integer> awaitSpans(int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<ByteString, ByteString> spans = received();
            if (spans.size() >= expected) {
                Map<ByteString, Integer> perTrace = new HashMap<>();
                spans.values().forEach(t -> perTrace.merge(t, 1, Integer::sum));
                return perTrace;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backends hold " + spans.size() + " of " + expected + " spans");
            }
            Thread.sleep(50);
        }
    }

    private static List<Span> spansIn(Path file) throws IOException {
        return InProcessServices.spansIn(file);
    }

    private static int freePort() throws IOException {
        return InProcessServices.freePort();
    }
}
