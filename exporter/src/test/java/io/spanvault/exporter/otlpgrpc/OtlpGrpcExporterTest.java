package io.spanvault.exporter.otlpgrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OtlpGrpcExporterTest {
    private static final RetryConfig FAST_RETRY = new RetryConfig(true, Duration.ofMillis(10), 0.0, 1.5,
            Duration.ofMillis(50), Duration.ofSeconds(5));
    private static final ExportTraceServiceRequest REQUEST = TestTraces.request("checkout", 3);

    private final Telemetry telemetry = new Telemetry();
    private FakeOtlpGrpcServer server;
    private Exporter<ExportTraceServiceRequest> exporter;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeOtlpGrpcServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (exporter != null) {
            exporter.close();
        }
        server.close();
    }

    /** A generous deadline: a loaded CI machine must not turn a slow first connection into a retry. */
    private Exporter<ExportTraceServiceRequest> start(RetryConfig retry, QueueConfig queue,
            Map<String, String> headers, String compression) throws Exception {
        return start(retry, queue, headers, compression, Duration.ofSeconds(20));
    }

    private Exporter<ExportTraceServiceRequest> start(RetryConfig retry, QueueConfig queue,
            Map<String, String> headers, String compression, Duration timeout) throws Exception {
        OtlpGrpcExporterConfig config = new OtlpGrpcExporterConfig(server.endpoint(), TlsConfig.plaintext(), headers,
                compression, timeout, retry, queue);
        exporter = new OtlpGrpcExporterFactory().create(new ComponentContext(ComponentKind.EXPORTER,
                ComponentId.parse("otlp"), telemetry), config, Signal.TRACES);
        exporter.start(null);
        return exporter;
    }

    private Exporter<ExportTraceServiceRequest> startDirect(RetryConfig retry) throws Exception {
        return start(retry, QueueConfig.disabled(), Map.of(), null);
    }

    private static Throwable failureOf(Exporter<ExportTraceServiceRequest> exporter) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> exporter.consume(REQUEST).toCompletableFuture().join());
        return e.getCause();
    }

    private long counter(String name) {
        return telemetry.counter(name, "", Labels.of("exporter", "otlp")).value();
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"CANCELLED", "DEADLINE_EXCEEDED", "ABORTED", "OUT_OF_RANGE",
            "UNAVAILABLE", "DATA_LOSS"})
    void retriesTheCollectorsRetryableCodes(Status.Code code) throws Exception {
        server.thenFail(code).thenFail(code);
        startDirect(FAST_RETRY).consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(3, server.calls());
        assertEquals(3, counter("otelcol_exporter_sent_spans"));
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNKNOWN", "INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS",
            "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "UNIMPLEMENTED", "INTERNAL",
            "UNAUTHENTICATED"})
    void doesNotRetryOtherCodes(Status.Code code) throws Exception {
        server.thenFail(code);
        Throwable failure = failureOf(startDirect(FAST_RETRY));
        assertInstanceOf(PermanentException.class, failure);
        assertTrue(failure.getMessage().contains(code.name()), failure.getMessage());
        assertEquals(1, server.calls());
        assertEquals(3, counter("otelcol_exporter_send_failed_spans"));
    }

    @Test
    void retriesResourceExhaustedWithRetryInfoNoSoonerThanAsked() throws Exception {
        server.thenFailWithRetryInfo(Status.Code.RESOURCE_EXHAUSTED, Duration.ofMillis(300));
        startDirect(FAST_RETRY).consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Long> arrivals = server.arrivals();
        assertEquals(2, arrivals.size());
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0));
        assertTrue(waitedMillis >= 300, "retried after " + waitedMillis + "ms, RetryInfo asked for 300ms");
    }

    @Test
    void honoursRetryInfoOnUnavailable() throws Exception {
        server.thenFailWithRetryInfo(Status.Code.UNAVAILABLE, Duration.ofMillis(250));
        startDirect(FAST_RETRY).consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Long> arrivals = server.arrivals();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0)) >= 250);
    }

    @Test
    void givesUpAfterMaxElapsedTimeWithBoundedBackOff() throws Exception {
        server.alwaysFail(Status.Code.UNAVAILABLE);
        RetryConfig retry = new RetryConfig(true, Duration.ofMillis(20), 0.5, 2.0, Duration.ofMillis(80),
                Duration.ofMillis(600));
        long start = System.nanoTime();
        Throwable failure = failureOf(startDirect(retry));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(RetryableException.class, failure);
        assertTrue(failure.getMessage().contains("no more retries"), failure.getMessage());
        assertTrue(tookMillis < 3_000, "gave up after " + tookMillis + "ms; max_elapsed_time is 600ms");
        List<Long> arrivals = server.arrivals();
        assertTrue(arrivals.size() >= 4, "only " + arrivals.size() + " attempts in 600ms");
        // Slack over max_interval × (1 + randomization_factor) = 120ms for a loaded 2-core CI machine.
        for (int i = 1; i < arrivals.size(); i++) {
            long gap = TimeUnit.NANOSECONDS.toMillis(arrivals.get(i) - arrivals.get(i - 1));
            assertTrue(gap <= 120 + 400, "back-off of " + gap + "ms exceeds max_interval 80ms ±50%");
        }
    }

    @Test
    void doesNotRetryWhenRetryIsDisabled() throws Exception {
        server.thenFail(Status.Code.UNAVAILABLE);
        assertInstanceOf(RetryableException.class, failureOf(startDirect(RetryConfig.disabled())));
        assertEquals(1, server.calls());
    }

    @Test
    void logsAndCountsPartialSuccessWithoutRetrying() throws Exception {
        server.thenPartialSuccess(2, "2 spans had bad trace ids");
        startDirect(FAST_RETRY).consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, server.calls());
        assertEquals(2, counter("spanvault_exporter_rejected_spans"));
        assertEquals(3, counter("otelcol_exporter_sent_spans"));
    }

    @Test
    void sendsHeadersAndGzip() throws Exception {
        start(FAST_RETRY, QueueConfig.disabled(), Map.of("authorization", "Bearer t0k3n"), "gzip")
                .consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Metadata headers = server.headers().get(0);
        assertEquals("Bearer t0k3n", headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("gzip", headers.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals(REQUEST, server.received().get(0));
    }

    @Test
    void sendsZstdWhenAsked() throws Exception {
        start(FAST_RETRY, QueueConfig.disabled(), Map.of(), "zstd").consume(REQUEST).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals("zstd", server.headers().get(0).get(Metadata.Key.of("grpc-encoding",
                Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals(REQUEST, server.received().get(0));
    }

    @Test
    void sendsUncompressedWhenCompressionIsNone() throws Exception {
        start(FAST_RETRY, QueueConfig.disabled(), Map.of(), "none").consume(REQUEST).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(null, server.headers().get(0).get(Metadata.Key.of("grpc-encoding",
                Metadata.ASCII_STRING_MARSHALLER)));
    }

    @Test
    void queuedRequestIsAcknowledgedAtOnceAndDeliveredAfterRetries() throws Exception {
        server.thenFail(Status.Code.UNAVAILABLE).thenFail(Status.Code.UNAVAILABLE);
        Exporter<ExportTraceServiceRequest> queued = start(FAST_RETRY, QueueConfig.defaults(), Map.of(), null);
        queued.consume(REQUEST).toCompletableFuture().get(1, TimeUnit.SECONDS);
        server.awaitCalls(3, Duration.ofSeconds(5));
        waitUntil(() -> counter("otelcol_exporter_sent_spans") == 3);
    }

    @Test
    void closeDrainsTheMemoryQueue() throws Exception {
        server.thenFail(Status.Code.UNAVAILABLE).thenFail(Status.Code.UNAVAILABLE);
        Exporter<ExportTraceServiceRequest> queued = start(FAST_RETRY, QueueConfig.defaults(), Map.of(), null);
        for (int i = 1; i <= 3; i++) {
            queued.consume(TestTraces.request("checkout", 1, i)).toCompletableFuture().join();
        }
        queued.close();
        exporter = null;
        assertEquals(3, counter("otelcol_exporter_sent_spans"));
        assertEquals(3, server.received().stream().distinct().count());
    }

    @Test
    void fullQueueRefusesWithRetryAfter() throws Exception {
        server.alwaysFail(Status.Code.UNAVAILABLE);
        RetryConfig slowRetry = new RetryConfig(true, Duration.ofSeconds(5), 0.0, 1.5, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        Exporter<ExportTraceServiceRequest> queued = start(slowRetry, new QueueConfig(true, 1, 2, null, null),
                Map.of(), null, Duration.ofMillis(500));
        queued.consume(REQUEST).toCompletableFuture().join();
        queued.consume(REQUEST).toCompletableFuture().join();
        Throwable failure = failureOf(queued);
        RetryableException refused = assertInstanceOf(RetryableException.class, failure);
        assertTrue(refused.retryAfter().isPresent());
        assertTrue(refused.getMessage().contains("full"), refused.getMessage());
        assertEquals(3, counter("otelcol_exporter_enqueue_failed_spans"));
        assertEquals(2.0, gauge("otelcol_exporter_queue_size"));
        assertEquals(2.0, gauge("otelcol_exporter_queue_capacity"));
    }

    private double gauge(String name) {
        return telemetry.families().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow()
                .series().entrySet().stream()
                .filter(e -> e.getKey().equals(Labels.of("exporter", "otlp", "data_type", "traces")))
                .mapToDouble(e -> ((java.util.function.DoubleSupplier) e.getValue()).getAsDouble())
                .findFirst().orElseThrow();
    }

    @Test
    void persistentQueueSendsAfterARestartWhatWasAcknowledgedWhileTheDestinationWasDown(@TempDir Path storage)
            throws Exception {
        server.alwaysFail(Status.Code.UNAVAILABLE);
        QueueConfig persistent = new QueueConfig(true, 2, 100, storage.toString(), true);
        Exporter<ExportTraceServiceRequest> first = start(FAST_RETRY, persistent, Map.of(), null);
        for (int i = 1; i <= 5; i++) {
            first.consume(TestTraces.request("checkout", 1, i)).toCompletableFuture().get(1, TimeUnit.SECONDS);
        }
        first.close();
        exporter = null;
        server.close();

        server = new FakeOtlpGrpcServer();
        start(FAST_RETRY, persistent, Map.of(), null);
        waitUntil(() -> server.received().stream().map(r -> r.getResourceSpans(0).getScopeSpans(0).getSpans(0))
                .distinct().count() == 5);
        assertTrue(Files.isDirectory(storage.resolve("otlp").resolve("traces")));
    }

    @Test
    void withASendingQueueConsumeNeverHoldsItsCallerSoReceiversCallItFromTheirEventLoops(@TempDir Path storage)
            throws Exception {
        assertTrue(startDirect(RetryConfig.disabled()).blocksCaller(), "the send's client may hold the caller");
        exporter.close();
        assertFalse(start(FAST_RETRY, QueueConfig.defaults(), Map.of(), null).blocksCaller());
        exporter.close();
        Exporter<ExportTraceServiceRequest> fsynced = start(FAST_RETRY, new QueueConfig(true, 1, 100,
                storage.toString(), true), Map.of(), null);
        assertFalse(fsynced.blocksCaller(), "the fsync answers later, on the queue's own thread");
        fsynced.consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        waitUntil(() -> server.calls() == 1);
    }

    @Test
    void httpSchemeMeansPlaintextAsInTheCollector() throws Exception {
        exporter = new OtlpGrpcExporterFactory().create(new ComponentContext(ComponentKind.EXPORTER,
                ComponentId.parse("otlp"), telemetry), new OtlpGrpcExporterConfig("http://" + server.endpoint(), null,
                null, null, Duration.ofSeconds(20), RetryConfig.disabled(), QueueConfig.disabled()), Signal.TRACES);
        exporter.start(null);
        exporter.consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, server.calls());
    }

    @Test
    void endpointIsRequiredAndValidated() {
        OtlpGrpcExporterFactory factory = new OtlpGrpcExporterFactory();
        InvalidConfigException missing = assertThrows(InvalidConfigException.class, () -> factory.create(
                new ComponentContext(ComponentKind.EXPORTER, ComponentId.parse("otlp/gw"), telemetry),
                factory.defaultConfig(), Signal.TRACES));
        assertEquals("exporters.otlp/gw.endpoint", missing.key());
        assertThrows(InvalidConfigException.class, () -> new OtlpGrpcExporterConfig("gateway:99999", null, null, null,
                null, null, null));
        assertEquals(4317, new OtlpGrpcExporterConfig("https://gateway:4317", null, null, null, null, null, null)
                .address().port());
        InvalidConfigException brotli = assertThrows(InvalidConfigException.class,
                () -> new OtlpGrpcExporterConfig("gateway:4317", null, null, "br", null, null, null));
        assertEquals("compression", brotli.key());
        assertEquals("'br' is not supported; use gzip, zstd or none", brotli.problem());
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10s");
            }
            Thread.sleep(10);
        }
    }
}
