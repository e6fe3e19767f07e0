package io.spanvault.exporter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.component.Receiver;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.component.ReceiverFactory;
import io.spanvault.pipeline.graph.PipelineId;
import io.spanvault.pipeline.graph.PipelineSpec;
import io.spanvault.pipeline.graph.ComponentStartException;
import io.spanvault.pipeline.graph.ServiceGraph;
import io.spanvault.pipeline.graph.ServiceSpec;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.MetricFamily;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceReader;
import io.spanvault.storage.TraceWriter;
import io.spanvault.storage.backend.BackendConfig;
import io.spanvault.storage.backend.StandaloneHost;
import io.spanvault.storage.backend.StorageBackends;
import io.spanvault.storage.extension.StorageExtensionConfig;
import io.spanvault.storage.memory.MemoryStoreConfig;
import io.spanvault.storage.memory.MemoryStoreFactory;
import io.spanvault.storage.memory.MemoryTraceStore;
import io.spanvault.storage.conformance.SpanFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store exporter at the end of a real pipeline graph: the backend it writes and the one it may own. */
class StoreExporterTest {
    private static final ComponentId STORE = ComponentId.parse("store/main");

    @TempDir
    Path dataDir;

    /** A receiver that hands the test the consumer of its pipeline. */
    private static final class PushReceiverFactory implements ReceiverFactory<Object> {
        final AtomicReference<SignalConsumer<ExportTraceServiceRequest>> next = new AtomicReference<>();

        @Override
        public String type() {
            return "push";
        }

        @Override
        public Class<Object> configType() {
            return Object.class;
        }

        @Override
        public Object defaultConfig() {
            return new Object();
        }

        @Override
        public Receiver create(ComponentContext context, Object config, ReceiverConsumers consumers) {
            next.set(consumers.get(Signal.TRACES).orElseThrow());
            return new Receiver() {
            };
        }
    }

    private static ExportTraceServiceRequest batch(long trace, int spans) {
        return batch(trace, spans, Instant.now().minusSeconds(5));
    }

    private static ExportTraceServiceRequest batch(long trace, int spans, Instant start) {
        var builders = new io.opentelemetry.proto.trace.v1.Span.Builder[spans];
        for (int i = 0; i < spans; i++) {
            builders[i] = SpanFixtures.span(SpanFixtures.traceId(trace), i + 1, "op", start, Duration.ofMillis(3));
        }
        return SpanFixtures.request("checkout", builders);
    }

    private static StoreExporterConfig writing(String backend, int writers) {
        return new StoreExporterConfig(backend, writers, null, null, null, null, null, null, null);
    }

    private static StoreExporterConfig shorthand(Path dataDir) {
        return new StoreExporterConfig(null, null, dataDir.toString(), null, null, null, null, null, null);
    }

    private static ServiceGraph pipeline(PushReceiverFactory push, Telemetry telemetry, Object exporterConfig,
            Map<ComponentId, Object> extensions) {
        List<io.spanvault.pipeline.component.ComponentFactory<?>> factories = new ArrayList<>();
        ServiceLoader.load(io.spanvault.pipeline.component.ComponentFactory.class).forEach(factories::add);
        factories.add(push);
        ServiceSpec spec = new ServiceSpec(Map.of(
                ComponentKind.RECEIVER, Map.of(ComponentId.parse("push"), new Object()),
                ComponentKind.EXPORTER, Map.of(STORE, exporterConfig),
                ComponentKind.EXTENSION, extensions),
                List.copyOf(extensions.keySet()), Map.of(PipelineId.parse("traces"),
                        new PipelineSpec(List.of(ComponentId.parse("push")), List.of(), List.of(STORE))));
        return ServiceGraph.build(spec, new ComponentRegistry(factories), telemetry);
    }

    @Test
    void theShorthandOwnsAChronicleBackendNamedByTheExporterIdAndLendsIt() throws Exception {
        PushReceiverFactory push = new PushReceiverFactory();
        Telemetry telemetry = new Telemetry();
        ServiceGraph graph = pipeline(push, telemetry, shorthand(dataDir), Map.of());
        assertEquals(List.of(), listFiles(dataDir), "creating the graph opens no file");
        graph.start();
        try {
            push.next.get().consume(batch(1, 3)).toCompletableFuture().join();
            push.next.get().consume(batch(2, 2)).toCompletableFuture().join();
            push.next.get().consume(batch(3, 4, Instant.now().minus(Duration.ofDays(4)))).toCompletableFuture().join();

            StorageBackends owner = graph.component(ComponentKind.EXPORTER, STORE, StorageBackends.class).orElseThrow();
            assertEquals(Set.of("store/main"), owner.backendNames());
            TraceReader store = owner.reader("store/main");
            assertEquals(List.of("checkout"), store.getServices());
            assertTrue(store.getTrace(SpanFixtures.traceId(1), null, null).isPresent());
            assertEquals(5.0, gauge(telemetry, "spanvault_store_spans"));
            assertEquals(2.0, gauge(telemetry, "spanvault_store_traces"));
            assertTrue(gauge(telemetry, "spanvault_store_partitions") >= 1);
            assertTrue(gauge(telemetry, "spanvault_store_disk_bytes") > 0);
            assertEquals(4.0, gauge(telemetry, "spanvault_store_expired_spans"), "spans past the 72h retention");
            assertEquals(0.0, gauge(telemetry, "spanvault_store_invalid_spans"));
        } finally {
            assertTrue(graph.shutdown(Duration.ofSeconds(10)));
        }

        ServiceGraph reopened = pipeline(new PushReceiverFactory(), new Telemetry(), shorthand(dataDir), Map.of());
        reopened.start();
        try {
            TraceReader store = reopened.component(ComponentKind.EXPORTER, STORE, StorageBackends.class).orElseThrow()
                    .reader("store/main");
            assertEquals(2, store.getTrace(SpanFixtures.traceId(2), null, null).orElseThrow()
                    .getResourceSpans(0).getScopeSpans(0).getSpansCount(), "closing the exporter kept the data");
        } finally {
            assertTrue(reopened.shutdown(Duration.ofSeconds(10)));
        }
    }

    private static List<Path> listFiles(Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void writesTheStorageExtensionsBackendItNames() throws Exception {
        PushReceiverFactory push = new PushReceiverFactory();
        ComponentId storage = ComponentId.parse("storage");
        StorageExtensionConfig backends = new StorageExtensionConfig(Map.of("main",
                new BackendConfig(new MemoryStoreFactory(), MemoryStoreConfig.defaults())));
        ServiceGraph graph = pipeline(push, new Telemetry(), writing("main", 1), Map.of(storage, backends));
        graph.start();
        try {
            push.next.get().consume(batch(1, 3)).toCompletableFuture().join();

            TraceReader main = graph.component(ComponentKind.EXTENSION, storage, StorageBackends.class).orElseThrow()
                    .reader("main");
            assertEquals(3, main.getTrace(SpanFixtures.traceId(1), null, null).orElseThrow()
                    .getResourceSpans(0).getScopeSpans(0).getSpansCount());
        } finally {
            assertTrue(graph.shutdown(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aBackendNobodyDefinesFailsTheStartNamingTheKnownOnes() {
        ComponentId storage = ComponentId.parse("storage");
        StorageExtensionConfig backends = new StorageExtensionConfig(Map.of("main",
                new BackendConfig(new MemoryStoreFactory(), MemoryStoreConfig.defaults())));
        ServiceGraph graph = pipeline(new PushReceiverFactory(), new Telemetry(), writing("archive", 1),
                Map.of(storage, backends));

        ComponentStartException failure = assertThrows(ComponentStartException.class, graph::start);
        assertTrue(failure.getMessage().contains("no storage backend 'archive'; known: main"), failure.getMessage());
    }

    @Test
    void withTwoWritersTwoConsumeCallsAreWrittenAtOnce() throws Exception {
        MemoryTraceStore store = new MemoryTraceStore(MemoryStoreConfig.defaults());
        // each write waits until another write is in progress too: with one writer thread neither completes
        CyclicBarrier bothWriting = new CyclicBarrier(2);
        CountDownLatch firstWriting = new CountDownLatch(1);
        TraceWriter meetingWrites = b -> {
            firstWriting.countDown();
            try {
                bothWriting.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new StorageException("no second write arrived: " + e);
            }
            store.write(b);
        };
        Telemetry telemetry = new Telemetry();
        StoreExporter exporter = new StoreExporter(new ComponentContext(ComponentKind.EXPORTER, STORE, telemetry),
                writing("main", 2), null);
        exporter.start(new StandaloneHost(new StorageBackends() {
            @Override
            public Set<String> backendNames() {
                return Set.of("main");
            }

            @Override
            public TraceWriter writer(String name) {
                return meetingWrites;
            }

            @Override
            public TraceReader reader(String name) {
                return store;
            }
        }));
        try {
            var first = exporter.consume(batch(1, 3)).toCompletableFuture();
            // only once the first write is under way, else group commit may rightly put both in one write
            assertTrue(firstWriting.await(10, TimeUnit.SECONDS), "the first batch was never written");
            var second = exporter.consume(batch(2, 2)).toCompletableFuture();
            first.get(20, TimeUnit.SECONDS);
            second.get(20, TimeUnit.SECONDS);
            assertEquals(5, store.spanCount());
            assertEquals(5.0, counter(telemetry, "otelcol_exporter_sent_spans"));
        } finally {
            exporter.close();
        }
    }

    @Test
    void aFailedWriteIsRetryable() {
        MemoryTraceStore store = new MemoryTraceStore(MemoryStoreConfig.defaults());
        StoreExporter exporter = new StoreExporter(new ComponentContext(ComponentKind.EXPORTER, STORE, new Telemetry()),
                writing("main", 1), null);
        exporter.start(StandaloneHost.of("main", store));
        exporter.close();

        var failure = assertThrows(java.util.concurrent.CompletionException.class,
                () -> exporter.consume(batch(1, 1)).toCompletableFuture().join());
        assertTrue(failure.getCause() instanceof io.spanvault.pipeline.consumer.RetryableException, failure.toString());
    }

    @Test
    void storesTracesOnly() {
        StoreExporterFactory factory = new StoreExporterFactory();
        assertEquals(List.of(Signal.TRACES), factory.signals());
        assertThrows(IllegalArgumentException.class, () -> factory.create(
                new ComponentContext(ComponentKind.EXPORTER, STORE, new Telemetry()), shorthand(dataDir), Signal.LOGS));
    }

    @Test
    void aBackendAndShorthandKeysTogetherAreAConfigError() {
        var failure = assertThrows(io.spanvault.pipeline.config.InvalidConfigException.class,
                () -> new StoreExporterConfig("main", null, "./data", null, null, null, null, null, null));
        assertEquals("data_dir", failure.key());
    }

    private static double counter(Telemetry telemetry, String name) {
        for (MetricFamily f : telemetry.families()) {
            if (f.name().equals(name)) {
                return ((Counter) f.series().values().iterator().next()).value();
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static double gauge(Telemetry telemetry, String name) {
        for (MetricFamily f : telemetry.families()) {
            if (f.name().equals(name)) {
                return ((java.util.function.DoubleSupplier) f.series().values().iterator().next()).getAsDouble();
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
