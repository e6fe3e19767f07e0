package io.spanvault.exporter.loadbalancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.otlpgrpc.OtlpGrpcExporterConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.TestTraces;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter against real OTLP/gRPC servers on loopback addresses 127.0.0.2-4 sharing one port, found by
 * the {@code dns} resolver through a lookup whose answer the test changes.
 */
class LoadBalancingExporterTest {
    private static final Host HOST = new Host() {
        @Override
        public <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type) {
            return Optional.empty();
        }
    };
    private static final String[] IPS = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};

    private final List<AutoCloseable> closing = new ArrayList<>();
    private volatile List<String> answer = List.of();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void dnsAnswerChangesRebalanceAndABackendThatLeavesLosesNothingAcknowledged() throws Exception {
        int port = freePort();
        Map<String, ReceivingBackend> backends = new HashMap<>();
        for (String ip : IPS) {
            backends.put(ip, track(new ReceivingBackend(ip, port)));
        }
        answer = List.of("127.0.0.2", "127.0.0.3");
        Telemetry telemetry = new Telemetry();
        Exporter<ExportTraceServiceRequest> exporter = dnsExporter(telemetry, port);

        // Every trace is sent as three requests, each holding one span of many traces.
        Set<ByteString> firstTraces = sendTraces(exporter, 0, 200);
        awaitSpans(backends, 600);
        Map<ByteString, String> owner = owners(backends);
        assertEquals(firstTraces, owner.keySet());
        assertTrue(backends.get("127.0.0.4").spans().isEmpty(), "127.0.0.4 was not in the answer");

        answer = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
        await(() -> gauge(telemetry) == 3, "the resolver to find the third backend");
        HashRing three = new HashRing(List.of("127.0.0.2:" + port, "127.0.0.3:" + port, "127.0.0.4:" + port));
        HashRing two = new HashRing(List.of("127.0.0.2:" + port, "127.0.0.3:" + port));
        Set<ByteString> secondTraces = sendTraces(exporter, 1000, 200);
        awaitSpans(backends, 1200);
        Map<ByteString, String> owners = owners(backends);
        int moved = 0;
        for (ByteString trace : secondTraces) {
            String was = two.endpointFor(trace);
            String now = owners.get(trace) + ":" + port;
            assertEquals(three.endpointFor(trace), now);
            if (!was.equals(now)) {
                assertEquals("127.0.0.4:" + port, now, "a trace moved between backends that both stayed");
                moved++;
            }
        }
        assertTrue(moved > 0 && moved < secondTraces.size() / 2, "about a third moves to the new backend: " + moved);

        // 127.0.0.3 stops; spans sent meanwhile are acknowledged (queued) and then it leaves the answer:
        // its queue and retries go to the backends that now own its traces.
        backends.get("127.0.0.3").close();
        int before = backends.get("127.0.0.2").spans().size() + backends.get("127.0.0.4").spans().size();
        int onThree = backends.get("127.0.0.3").spans().size();
        sendTraces(exporter, 5000, 200);
        answer = List.of("127.0.0.2", "127.0.0.4");
        await(() -> gauge(telemetry) == 2, "the resolver to drop the stopped backend");
        await(() -> backends.get("127.0.0.2").spans().size() + backends.get("127.0.0.4").spans().size()
                - before == 600, "every acknowledged span of the third round on the remaining backends");
        assertEquals(onThree, backends.get("127.0.0.3").spans().size());
    }

    @Test
    void noBackendYetIsRetryableAndMissingResolverIsAConfigError() {
        answer = List.of();
        Telemetry telemetry = new Telemetry();
        Exporter<ExportTraceServiceRequest> exporter = dnsExporter(telemetry, 4317);
        CompletionException failed = assertThrows(CompletionException.class,
                () -> exporter.consume(TestTraces.request("svc", 1)).toCompletableFuture().join());
        assertTrue(failed.getCause() instanceof RetryableException, failed.toString());
        InvalidConfigException missing = assertThrows(InvalidConfigException.class,
                () -> new LoadBalancingExporterFactory().create(context(telemetry),
                        new LoadBalancingExporterConfig(null, null, null), Signal.TRACES));
        assertTrue(missing.getMessage().contains("resolver"), missing.getMessage());
        assertThrows(InvalidConfigException.class, () -> new LoadBalancingExporterConfig("spanID", null, null));
    }

    @Test
    void serviceRoutingKeepsAServiceOnOneBackend() throws Exception {
        int port = freePort();
        List<ReceivingBackend> servers = new ArrayList<>();
        List<String> hostnames = new ArrayList<>();
        for (String ip : IPS) {
            servers.add(track(new ReceivingBackend(ip, port)));
            hostnames.add(ip + ":" + port);
        }
        LoadBalancingExporterConfig config = new LoadBalancingExporterConfig("service", new ProtocolConfig(otlp()),
                new ResolverConfig(new StaticResolverConfig(hostnames), null));
        Exporter<ExportTraceServiceRequest> exporter = start(new LoadBalancingExporterFactory()
                .create(context(new Telemetry()), config, Signal.TRACES));
        for (int i = 0; i < 60; i++) {
            exporter.consume(TestTraces.request("service-" + (i % 6), 2, i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        await(() -> servers.stream().mapToInt(s -> s.spans().size()).sum() == 120, "all spans delivered");
        Set<Integer> backendsOfService0 = new HashSet<>();
        for (int s = 0; s < servers.size(); s++) {
            for (Span span : servers.get(s).spans()) {
                if (span.getTraceId().equals(TestTraces.traceId(0)) || span.getTraceId().equals(TestTraces.traceId(6))) {
                    backendsOfService0.add(s);
                }
            }
        }
        assertEquals(1, backendsOfService0.size());
        assertFalse(servers.stream().allMatch(s -> s.spans().isEmpty()));
    }

    @Test
    void aPersistentQueueOfABackendThatLeftIsRoutedAgainAtOnceAndAfterARestart(@TempDir Path storage)
            throws Exception {
        int port = freePort();
        ReceivingBackend two = track(new ReceivingBackend("127.0.0.2", port));
        QueueConfig persistent = new QueueConfig(true, 2, 10_000, storage.toString(), false);
        HashRing ring = new HashRing(List.of("127.0.0.2:" + port, "127.0.0.3:" + port));

        // 127.0.0.3 is in the answer but down: its share is acknowledged into its queue on disk. When it
        // leaves the answer, that queue is drained to 127.0.0.2 while running.
        answer = List.of("127.0.0.2", "127.0.0.3");
        Telemetry telemetry = new Telemetry();
        Exporter<ExportTraceServiceRequest> exporter = dnsExporter(telemetry, port, persistent);
        Set<ByteString> traces = sendTraces(exporter, 0, 200);
        long onTwo = traces.stream().filter(t -> ring.endpointFor(t).startsWith("127.0.0.2:")).count();
        assertTrue(onTwo > 0 && onTwo < 200, "both backends own traces: " + onTwo);
        await(() -> distinctSpans(two) == 3 * onTwo, "127.0.0.2's own share");
        answer = List.of("127.0.0.2");
        await(() -> distinctSpans(two) == 600, "127.0.0.3's queued share on 127.0.0.2");
        Path queueOfThree = storage.resolve("loadbalancing-127.0.0.3_" + port);
        await(() -> !Files.exists(queueOfThree), "the drained queue's directory deleted");

        // Again with 127.0.0.3 down, then the exporter stops (the queue stays on disk) and starts again with
        // a static list that no longer names 127.0.0.3: the queue it left is found and routed again.
        answer = List.of("127.0.0.2", "127.0.0.3");
        await(() -> gauge(telemetry) == 2 && Files.exists(queueOfThree), "127.0.0.3 in the ring again");
        sendTraces(exporter, 1000, 200);
        exporter.close();
        closing.remove(closing.size() - 1);
        assertTrue(distinctSpans(two) < 1200, "127.0.0.3's share waits on disk");
        Path list = storage.resolve("loadbalancing.traces.endpoints");
        assertTrue(Files.readAllLines(list).contains("127.0.0.3:" + port), "the list names the queue on disk");
        LoadBalancingExporterConfig config = new LoadBalancingExporterConfig(null,
                new ProtocolConfig(otlp(persistent)),
                new ResolverConfig(new StaticResolverConfig(List.of("127.0.0.2:" + port)), null));
        start(new LoadBalancingExporterFactory().create(context(new Telemetry()), config, Signal.TRACES));
        await(() -> distinctSpans(two) == 1200, "every acknowledged span on 127.0.0.2 after the restart");
        await(() -> readLines(list).equals(List.of("127.0.0.2:" + port)), "the drained queue forgotten");
    }

    private static long distinctSpans(ReceivingBackend backend) {
        return backend.spans().stream().map(Span::getSpanId).distinct().count();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private Exporter<ExportTraceServiceRequest> dnsExporter(Telemetry telemetry, int port) {
        return dnsExporter(telemetry, port, new QueueConfig(true, 2, 10_000, null, null));
    }

    private Exporter<ExportTraceServiceRequest> dnsExporter(Telemetry telemetry, int port, QueueConfig queue) {
        HostLookup lookup = hostname -> {
            assertEquals("backends.test", hostname);
            List<InetAddress> out = new ArrayList<>();
            for (String ip : answer) {
                out.add(InetAddress.getByName(ip));
            }
            return out;
        };
        LoadBalancingExporterConfig config = new LoadBalancingExporterConfig(null, new ProtocolConfig(otlp(queue)),
                new ResolverConfig(null, new DnsResolverConfig("backends.test", port, Duration.ofMillis(50), null)));
        return start(new LoadBalancingExporterFactory(lookup).create(context(telemetry), config, Signal.TRACES));
    }

    private static OtlpGrpcExporterConfig otlp() {
        return otlp(new QueueConfig(true, 2, 10_000, null, null));
    }

    private static OtlpGrpcExporterConfig otlp(QueueConfig queue) {
        return new OtlpGrpcExporterConfig(null, TlsConfig.plaintext(), null, null, Duration.ofSeconds(5),
                new RetryConfig(true, Duration.ofMillis(50), 0.0, 1.5, Duration.ofMillis(200), Duration.ZERO), queue);
    }

    private <T extends Exporter<?>> T start(T exporter) {
        try {
            exporter.start(HOST);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        closing.add(exporter::close);
        return exporter;
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private static ComponentContext context(Telemetry telemetry) {
        return new ComponentContext(ComponentKind.EXPORTER, new ComponentId("loadbalancing", ""), telemetry);
    }

    /** Sends {@code count} traces of three spans, each request holding the n-th span of every trace. */
    private static Set<ByteString> sendTraces(Exporter<ExportTraceServiceRequest> exporter, long first, int count)
            throws Exception {
        Set<ByteString> traces = new HashSet<>();
        for (int n = 0; n < 3; n++) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            for (long t = first; t < first + count; t++) {
                traces.add(TestTraces.traceId(t));
                scope.addSpans(TestTraces.span(TestTraces.traceId(t), TestTraces.spanId(t * 10 + n + 1), "op",
                        1_000L, 2_000L));
            }
            exporter.consume(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(TestTraces.resource("svc")).addScopeSpans(scope)).build())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return traces;
    }

    private static Map<ByteString, String> owners(Map<String, ReceivingBackend> backends) {
        Map<ByteString, String> owner = new HashMap<>();
        backends.forEach((ip, backend) -> {
            for (ByteString trace : backend.traceIds()) {
                String other = owner.put(trace, ip);
                assertTrue(other == null || other.equals(ip), "a trace reached " + ip + " and " + other);
            }
        });
        return owner;
    }

    private static void awaitSpans(Map<String, ReceivingBackend> backends, int total) throws InterruptedException {
        await(() -> backends.values().stream().mapToInt(b -> b.spans().size()).sum() == total, total + " spans");
    }

    private static double gauge(Telemetry telemetry) {
        return telemetry.families().stream().filter(f -> f.name().equals("otelcol_loadbalancer_num_backends"))
                .findFirst().map(f -> ((java.util.function.DoubleSupplier) f.series().values().iterator().next())
                        .getAsDouble()).orElse(0.0);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
