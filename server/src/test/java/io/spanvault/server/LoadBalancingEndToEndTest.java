package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
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
 * real gRPC client sends every trace as three requests, each holding one span of many traces.
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
