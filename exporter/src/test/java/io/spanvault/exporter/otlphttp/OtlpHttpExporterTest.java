package io.spanvault.exporter.otlphttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.TestTraces;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpHttpExporterTest {
    private static final RetryConfig FAST_RETRY = new RetryConfig(true, Duration.ofMillis(10), 0.0, 1.5,
            Duration.ofMillis(50), Duration.ofSeconds(5));
    private static final ExportTraceServiceRequest REQUEST = TestTraces.request("checkout", 3);

    private final Telemetry telemetry = new Telemetry();
    private FakeOtlpHttpServer server;
    private Exporter<ExportTraceServiceRequest> exporter;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeOtlpHttpServer();
    }

    @AfterEach
    void stop() {
        if (exporter != null) {
            exporter.close();
        }
        server.close();
    }

    private Exporter<ExportTraceServiceRequest> start(OtlpHttpExporterConfig config) throws Exception {
        exporter = new OtlpHttpExporterFactory().create(new ComponentContext(ComponentKind.EXPORTER,
                ComponentId.parse("otlphttp"), telemetry), config, Signal.TRACES);
        exporter.start(null);
        return exporter;
    }

    private Exporter<ExportTraceServiceRequest> start(RetryConfig retry) throws Exception {
        return start(config(server.url(), retry, Map.of(), null));
    }

    private static OtlpHttpExporterConfig config(String url, RetryConfig retry, Map<String, String> headers,
            String compression) {
        return new OtlpHttpExporterConfig(url, null, null, null, null, headers, compression, Duration.ofSeconds(20),
                null, retry, QueueConfig.disabled());
    }

    private static Throwable failureOf(Exporter<ExportTraceServiceRequest> exporter) {
        return assertThrows(CompletionException.class,
                () -> exporter.consume(REQUEST).toCompletableFuture().join()).getCause();
    }

    private long counter(String name) {
        return telemetry.counter(name, "", Labels.of("exporter", "otlphttp")).value();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void retriesThrottlingAndGatewayStatuses(int status) throws Exception {
        server.then(status).then(status);
        start(FAST_RETRY).consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(3, server.posts().size());
        assertEquals(3, counter("otelcol_exporter_sent_spans"));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 413, 415, 500, 501})
    void doesNotRetryOtherStatuses(int status) throws Exception {
        server.then(status, Map.of("Content-Type", "application/x-protobuf"),
                com.google.rpc.Status.newBuilder().setMessage("scripted " + status).build().toByteArray());
        Throwable failure = failureOf(start(FAST_RETRY));
        assertInstanceOf(PermanentException.class, failure);
        assertTrue(failure.getMessage().contains("HTTP " + status + ": scripted " + status), failure.getMessage());
        assertEquals(1, server.posts().size());
        assertEquals(3, counter("otelcol_exporter_send_failed_spans"));
    }

    @Test
    void honoursRetryAfterSeconds() throws Exception {
        server.then(503, Map.of("Retry-After", "1"), new byte[0]);
        start(FAST_RETRY).consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<FakeOtlpHttpServer.Post> posts = server.posts();
        long waited = TimeUnit.NANOSECONDS.toMillis(posts.get(1).arrivalNanos() - posts.get(0).arrivalNanos());
        assertTrue(waited >= 1000, "retried after " + waited + "ms; Retry-After asked for 1s");
    }

    @Test
    void readsRetryAfterAsSecondsOrHttpDate() {
        assertEquals(Duration.ofSeconds(7), HttpExportClient.retryAfter("7"));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(10));
        Duration untilDate = HttpExportClient.retryAfter(inTenSeconds);
        assertTrue(untilDate.getSeconds() >= 8 && untilDate.getSeconds() <= 10, untilDate.toString());
        assertEquals(Duration.ZERO, HttpExportClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertNull(HttpExportClient.retryAfter("soon"));
    }

    @Test
    void givesUpAfterMaxElapsedTime() throws Exception {
        server.always(503);
        RetryConfig retry = new RetryConfig(true, Duration.ofMillis(20), 0.5, 2.0, Duration.ofMillis(80),
                Duration.ofMillis(500));
        long start = System.nanoTime();
        Throwable failure = failureOf(start(retry));
        assertInstanceOf(RetryableException.class, failure);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3_000);
        assertTrue(server.posts().size() >= 3, server.posts().size() + " attempts");
    }

    @Test
    void connectionRefusedIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        start(config("http://127.0.0.1:" + closedPort, RetryConfig.disabled(), Map.of(), null));
        Throwable failure = failureOf(exporter);
        assertInstanceOf(RetryableException.class, failure);
        assertTrue(failure.getMessage().contains("cannot reach"), failure.getMessage());
    }

    @Test
    void logsAndCountsPartialSuccessWithoutRetrying() throws Exception {
        server.then(200, Map.of("Content-Type", "application/x-protobuf"), ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(1)
                        .setErrorMessage("one span had no trace id"))
                .build().toByteArray());
        start(FAST_RETRY).consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, server.posts().size());
        assertEquals(1, counter("spanvault_exporter_rejected_spans"));
    }

    @Test
    void postsGzippedProtobufWithHeadersToTheSignalPath() throws Exception {
        start(config(server.url() + "/", FAST_RETRY, Map.of("X-Tenant", "blue"), null)).consume(REQUEST)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        FakeOtlpHttpServer.Post post = server.posts().get(0);
        assertEquals("/v1/traces", post.path());
        assertEquals("gzip", post.headers().getFirst("Content-Encoding"));
        assertEquals("application/x-protobuf", post.headers().getFirst("Content-Type"));
        assertEquals("blue", post.headers().getFirst("X-Tenant"));
        assertEquals(REQUEST, ExportTraceServiceRequest.parseFrom(post.body()));
    }

    @Test
    void postsZstdWhenAsked() throws Exception {
        start(config(server.url(), FAST_RETRY, Map.of(), "zstd")).consume(REQUEST).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        FakeOtlpHttpServer.Post post = server.posts().get(0);
        assertEquals("zstd", post.headers().getFirst("Content-Encoding"));
        assertEquals(REQUEST, ExportTraceServiceRequest.parseFrom(post.body()));
    }

    @Test
    void postsOtlpJsonAndReadsAJsonPartialSuccess() throws Exception {
        server.then(200, Map.of("Content-Type", "application/json"),
                "{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"too old\"}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        start(new OtlpHttpExporterConfig(server.url(), null, null, null, null, null, null, null, "json", FAST_RETRY,
                QueueConfig.disabled())).consume(REQUEST).toCompletableFuture().get(5, TimeUnit.SECONDS);
        FakeOtlpHttpServer.Post post = server.posts().get(0);
        assertEquals("application/json", post.headers().getFirst("Content-Type"));
        assertEquals(REQUEST, OtlpJson.decode(new String(post.body(), java.nio.charset.StandardCharsets.UTF_8),
                ExportTraceServiceRequest.getDefaultInstance()));
        assertEquals(2, counter("spanvault_exporter_rejected_spans"));
    }

    @Test
    void signalEndpointOverridesAndNoCompression() throws Exception {
        start(new OtlpHttpExporterConfig(null, server.url() + "/custom/traces", null, null, null, null, "none",
                null, null, FAST_RETRY, QueueConfig.disabled())).consume(REQUEST).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        FakeOtlpHttpServer.Post post = server.posts().get(0);
        assertEquals("/custom/traces", post.path());
        assertNull(post.headers().getFirst("Content-Encoding"));
    }

    @Test
    void queuedRequestIsDeliveredAfterRetries() throws Exception {
        server.then(503).then(502);
        start(new OtlpHttpExporterConfig(server.url(), null, null, null, null, null, null, null, null, FAST_RETRY,
                QueueConfig.defaults())).consume(REQUEST).toCompletableFuture().get(1, TimeUnit.SECONDS);
        server.awaitPosts(3, Duration.ofSeconds(5));
    }

    @Test
    void configErrorsNameTheKey() {
        OtlpHttpExporterFactory factory = new OtlpHttpExporterFactory();
        assertEquals("exporters.otlphttp.endpoint", assertThrows(InvalidConfigException.class, () -> factory.create(
                new ComponentContext(ComponentKind.EXPORTER, ComponentId.parse("otlphttp"), telemetry),
                factory.defaultConfig(), Signal.TRACES)).key());
        assertEquals("endpoint", assertThrows(InvalidConfigException.class, () -> new OtlpHttpExporterConfig(
                "gateway:4318", null, null, null, null, null, null, null, null, null, null)).key());
        assertEquals("encoding", assertThrows(InvalidConfigException.class, () -> new OtlpHttpExporterConfig(
                "http://gateway:4318", null, null, null, null, null, null, null, "yaml", null, null)).key());
        assertEquals("http://gateway:4318/v1/logs", new OtlpHttpExporterConfig("http://gateway:4318", null, null,
                null, null, null, null, null, null, null, null).url(Signal.LOGS).toString());
    }
}
