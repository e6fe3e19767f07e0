package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.IOException;
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
 * real gRPC client sends every trace as three requests, each holding one span of many traces.
 */
class LoadBalancingEndToEndTest {
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
    void everySpanOfATraceLandsOnOneBackendAndABackendStoppedMidRunLosesNothingAcknowledged() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        SpanvaultService[] backends = new SpanvaultService[3];
        for (int i = 0; i < 3; i++) {
            backends[i] = backend(i, ports[i]);
        }
        int lbPort = freePort();
        start("lb", """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                exporters:
                  loadbalancing:
                    protocol:
                      otlp:
                        tls:
                          insecure: true
                        retry_on_failure:
                          initial_interval: 50ms
                          max_interval: 200ms
                          max_elapsed_time: 0s
                    resolver:
                      static:
                        hostnames: [127.0.0.1:%d, 127.0.0.1:%d, 127.0.0.1:%d]
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [loadbalancing]
                """.formatted(lbPort, ports[0], ports[1], ports[2]));
        channel = Grpc.newChannelBuilder("127.0.0.1:" + lbPort, InsecureChannelCredentials.create()).build();
        TraceServiceGrpc.TraceServiceBlockingStub client = TraceServiceGrpc.newBlockingStub(channel);

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

    private SpanvaultService backend(int index, int port) throws Exception {
        return start("backend-" + index, """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                exporters:
                  file:
                    path: %s
                    format: proto
                    flush_interval: 0s
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [file]
                """.formatted(port, spanFile(index)));
    }

    private SpanvaultService start(String name, String yaml) throws Exception {
        return services.start(name, yaml);
    }

    private Path spanFile(int index) {
        return dir.resolve("backend-" + index + ".otlp");
    }

    /** Sends {@code count} traces of three spans; returns the span ids the load balancer acknowledged. */
    private static Set<ByteString> sendTraces(TraceServiceGrpc.TraceServiceBlockingStub client, long first, int count) {
        Set<ByteString> spanIds = new HashSet<>();
        for (int n = 0; n < 3; n++) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            for (long t = first; t < first + count; t++) {
                scope.addSpans(TestTraces.span(TestTraces.traceId(t), TestTraces.spanId(t * 10 + n + 1), "op",
                        1_000L, 2_000L));
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(
                    ResourceSpans.newBuilder().setResource(TestTraces.resource("svc")).addScopeSpans(scope)).build();
            client.withDeadlineAfter(10, TimeUnit.SECONDS).export(request);
            scope.getSpansList().forEach(s -> spanIds.add(s.getSpanId()));
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
