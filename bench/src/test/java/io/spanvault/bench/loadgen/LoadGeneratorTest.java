package io.spanvault.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.bench.ceiling.CeilingServer;
import io.spanvault.pipeline.config.Endpoint;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    /** The spans the ceiling had decoded when the measured phase started and when it ended. */
    private static final class CeilingAtPhaseEdges implements LoadGenerator.MeasuredPhase {
        private final CeilingServer ceiling;
        long atStart;
        long atEnd;

        CeilingAtPhaseEdges(CeilingServer ceiling) {
            this.ceiling = ceiling;
        }

        @Override
        public void started() {
            atStart = ceiling.spans();
        }

        @Override
        public void ended() {
            atEnd = ceiling.spans();
        }
    }

    @Test
    void offersTheFixedRateAndCountsWhatTheCeilingDecoded() throws Exception {
        try (CeilingServer ceiling = CeilingServer.start(new Endpoint("127.0.0.1", 0))) {
            LoadOptions options = new LoadOptions(LoadOptions.Protocol.GRPC, new Endpoint("127.0.0.1", ceiling.port()),
                    2_000, Duration.ofSeconds(1), 50, SpanShape.REALISTIC, 2);

            LoadResult result = new LoadGenerator(options).run();

            assertEquals(2_000, result.ackedSpans(), result.summaryLine());
            assertEquals(40, result.requests());
            assertEquals(2_000, ceiling.spans());
            assertEquals(0, result.refusedSpans());
            assertTrue(result.summaryLine().matches("loadgen protocol=grpc shape=realistic spans_per_request=50 "
                    + "concurrency=2 rate=2000 duration_s=\\S+ requests=40 acked_spans=2000 rejected_spans=0 "
                    + "refused_spans=0 spans_per_s=\\d+ p50_ms=\\S+ p90_ms=\\S+ p99_ms=\\S+ max_ms=\\S+ errors=none"),
                    result.summaryLine());
        }
    }

    @Test
    void countsRefusedSpansWhenNothingListens() throws Exception {
        int closedPort;
        try (CeilingServer ceiling = CeilingServer.start(new Endpoint("127.0.0.1", 0))) {
            closedPort = ceiling.port();
        }
        LoadOptions options = new LoadOptions(LoadOptions.Protocol.HTTP, new Endpoint("127.0.0.1", closedPort), 0,
                Duration.ofMillis(200), 10, SpanShape.TESTBED, 1);

        LoadResult result = new LoadGenerator(options).run();

        assertEquals(0, result.ackedSpans());
        assertEquals(result.requests() * 10, result.refusedSpans());
        assertTrue(result.summaryLine().contains("errors=ConnectException:"), result.summaryLine());
    }

    @Test
    void sendsGzipCompressedGrpcCallsThatTheServerDecodes() throws Exception {
        try (CeilingServer ceiling = CeilingServer.start(new Endpoint("127.0.0.1", 0))) {
            LoadOptions options = LoadOptions.parse("--endpoint", "127.0.0.1:" + ceiling.port(), "--rate", "max",
                    "--duration", "300ms", "--spans-per-request", "10", "--compression", "gzip", "--concurrency", "1");

            LoadResult result = new LoadGenerator(options).run();

            assertEquals(LoadOptions.Compression.GZIP, options.compression());
            assertEquals(0, result.refusedSpans(), result.summaryLine());
            assertEquals(result.ackedSpans(), ceiling.spans());
            assertTrue(result.ackedSpans() > 0, result.summaryLine());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("--protocol", "http", "--compression", "gzip"));
        assertTrue(e.getMessage().contains("grpc only"), e.getMessage());
    }

    @Test
    void warmsUpAtItsOwnRateAndMeasuresAtTheOptionsRate() throws Exception {
        try (CeilingServer ceiling = CeilingServer.start(new Endpoint("127.0.0.1", 0))) {
            // the measured phase offers 100 spans/s for 500 ms: exactly 5 requests of 10 spans
            LoadOptions options = new LoadOptions(LoadOptions.Protocol.GRPC, new Endpoint("127.0.0.1", ceiling.port()),
                    100, Duration.ofMillis(500), 10, SpanShape.TESTBED, 1);
            CeilingAtPhaseEdges edges = new CeilingAtPhaseEdges(ceiling);

            LoadResult result = new LoadGenerator(options).run(new LoadGenerator.Warmup(Duration.ofSeconds(1), 0),
                    edges);

            // at the measured phase's rate the warm-up would have sent 100 spans; as fast as answered, more even
            // on a busy machine with every class still cold (700 in one CI run, thousands on a quiet one)
            assertTrue(edges.atStart > 300, "warm-up spans: " + edges.atStart);
            assertEquals(50, result.ackedSpans(), result.summaryLine());
            assertEquals(edges.atStart + 50, ceiling.spans());
        }
    }

    @Test
    void aWarmUpOfNegativeDurationOrRateIsRefusedSayingWhatItGot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LoadGenerator.Warmup(Duration.ofSeconds(-1), 0));
        assertTrue(e.getMessage().contains("PT-1S"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LoadGenerator.Warmup(Duration.ofSeconds(1), -5));
        assertTrue(e.getMessage().contains("-5 spans/s"), e.getMessage());
    }

    @Test
    void measuresAfterTheWarmUpOverTheSameConnections() throws Exception {
        try (CeilingServer ceiling = CeilingServer.start(new Endpoint("127.0.0.1", 0))) {
            LoadOptions options = new LoadOptions(LoadOptions.Protocol.GRPC, new Endpoint("127.0.0.1", ceiling.port()),
                    0, Duration.ofMillis(300), 10, SpanShape.TESTBED, 3);
            CeilingAtPhaseEdges edges = new CeilingAtPhaseEdges(ceiling);

            LoadResult result = new LoadGenerator(options).run(new LoadGenerator.Warmup(Duration.ofMillis(300), 0),
                    edges);

            assertTrue(edges.atStart > 0, "the warm-up sent nothing");
            assertEquals(edges.atEnd - edges.atStart, result.ackedSpans(), result.summaryLine());
            assertEquals(0, result.refusedSpans(), result.summaryLine());
            assertEquals(3, ceiling.connections(), "warm-up and measured phase share one connection per exporter");
        }
    }

    @Test
    void keepsOneRequestPerExporterInFlightAsFastAsAcknowledged() throws Exception {
        try (CeilingServer ceiling = CeilingServer.start(new Endpoint("127.0.0.1", 0))) {
            LoadOptions options = new LoadOptions(LoadOptions.Protocol.GRPC, new Endpoint("127.0.0.1", ceiling.port()),
                    0, Duration.ofMillis(500), 10, SpanShape.TESTBED, 4);

            LoadResult result = new LoadGenerator(options).run();

            assertTrue(result.requests() > 4, result.summaryLine());
            assertEquals(result.requests() * 10, result.ackedSpans(), result.summaryLine());
            assertEquals(result.ackedSpans(), ceiling.spans());
            assertEquals(4, ceiling.connections());
        }
    }

    @Test
    void grpcExportersAtFullSpeedSendFromTheAnswersCallbackWithoutAThreadEach() throws Exception {
        try (CeilingServer ceiling = CeilingServer.start(new Endpoint("127.0.0.1", 0))) {
            LoadOptions options = new LoadOptions(LoadOptions.Protocol.GRPC, new Endpoint("127.0.0.1", ceiling.port()),
                    0, Duration.ofMillis(500), 10, SpanShape.TESTBED, 4);
            AtomicInteger mostExporterThreads = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (running.get()) {
                    long exporters = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("loadgen-exporter-")).count();
                    mostExporterThreads.accumulateAndGet((int) exporters, Math::max);
                    LockSupport.parkNanos(5_000_000);
                }
            });
            watcher.start();

            LoadResult result = new LoadGenerator(options).run();
            running.set(false);
            watcher.join();

            assertTrue(result.requests() > 4, result.summaryLine());
            assertEquals(0, mostExporterThreads.get(), "exporter threads seen while sending");
        }
    }

    @Test
    void countsRefusedGrpcSendsWhenNothingListens() throws Exception {
        int closedPort;
        try (CeilingServer ceiling = CeilingServer.start(new Endpoint("127.0.0.1", 0))) {
            closedPort = ceiling.port();
        }
        LoadOptions options = new LoadOptions(LoadOptions.Protocol.GRPC, new Endpoint("127.0.0.1", closedPort), 0,
                Duration.ofMillis(200), 10, SpanShape.TESTBED, 2);

        LoadResult result = new LoadGenerator(options).run();

        assertTrue(result.requests() > 0, result.summaryLine());
        assertEquals(0, result.ackedSpans());
        assertEquals(result.requests() * 10, result.refusedSpans(), result.summaryLine());
        assertTrue(result.summaryLine().contains("errors=UNAVAILABLE:"), result.summaryLine());
    }

    @Test
    void parsesItsCommandLineBackFromToArgs() {
        LoadOptions options = LoadOptions.parse("--protocol", "http", "--rate", "10000", "--duration", "30s",
                "--shape", "realistic", "--concurrency", "8");
        assertEquals(new Endpoint("127.0.0.1", 4318), options.endpoint());
        assertEquals(options, LoadOptions.parse(options.toArgs()));
        LoadOptions gzip = LoadOptions.parse("--compression", "gzip", "--shape", "testbed_batch");
        assertEquals(gzip, LoadOptions.parse(gzip.toArgs()));
    }
}
