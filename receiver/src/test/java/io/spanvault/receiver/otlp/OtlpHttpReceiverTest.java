package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.google.protobuf.ByteString;
import com.google.rpc.Code;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

/** OTLP/HTTP status codes and bodies, each as the collector answers them (see ARCHITECTURE.md). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpHttpReceiverTest {
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final long LIMIT = 64 * 1024;

    private RunningReceiver running;
    private HttpSender http;

    @BeforeAll
    void start() throws Exception {
        running = RunningReceiver.start(null, RunningReceiver.http(LIMIT));
        http = new HttpSender(running.receiver.httpPort());
    }

    @AfterAll
    void stop() {
        running.close();
    }

    @BeforeEach
    void reset() {
        running.traces.clear();
        running.traces.answerWith(data -> CompletableFuture.completedFuture(null));
    }

    @Test
    void protobufIsAcceptedAndAnsweredInProtobuf() throws Exception {
        ExportTraceServiceRequest request = TestTraces.request("svc", 3);
        long acceptedBefore = running.counter("otelcol_receiver_accepted_spans", "http");

        HttpResponse<byte[]> response = http.post("/v1/traces", PROTOBUF, request.toByteArray());

        assertEquals(200, response.statusCode());
        assertEquals(PROTOBUF, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(ExportTraceServiceResponse.getDefaultInstance(),
                ExportTraceServiceResponse.parseFrom(response.body()));
        assertEquals(List.of(request), running.traces.received());
        assertEquals(acceptedBefore + 3, running.counter("otelcol_receiver_accepted_spans", "http"));
    }

    @Test
    void handWrittenJsonDecodesToItsBinaryTwinAndIsAnsweredInJson() throws Exception {
        String json = """
                {"resource_spans": [{
                   "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "svc"}}]},
                   "scopeSpans": [{"spans": [{
                      "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "eee19b7ec3c1b174",
                      "name": "op", "kind": "SPAN_KIND_CLIENT", "start_time_unix_nano": "1000",
                      "endTimeUnixNano": 2000, "status": {"code": 1}, "notInOtlp": [true]}]}]}]}""";
        ExportTraceServiceRequest twin = ExportTraceServiceRequest.newBuilder().addResourceSpans(
                io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder().setResource(TestTraces.resource("svc"))
                        .addScopeSpans(io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder().addSpans(
                                Span.newBuilder()
                                        .setTraceId(ByteString.fromHex("5b8efff798038103d269b633813fc60c"))
                                        .setSpanId(ByteString.fromHex("eee19b7ec3c1b174")).setName("op")
                                        .setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(1000)
                                        .setEndTimeUnixNano(2000).setStatus(io.opentelemetry.proto.trace.v1.Status
                                                .newBuilder().setCode(io.opentelemetry.proto.trace.v1.Status
                                                        .StatusCode.STATUS_CODE_OK)))))
                .build();

        HttpResponse<byte[]> response = http.post("/v1/traces", "application/json; charset=utf-8",
                json.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, response.statusCode());
        assertEquals(JSON, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{}", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(List.of(twin), running.traces.received());
    }

    @Test
    void metricsAndLogsTakeJsonAndProtobufToo() throws Exception {
        ExportMetricsServiceRequest metrics = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(TestTraces.resource("svc")).addScopeMetrics(
                        ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("queue.depth").setGauge(
                                Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(2.5)
                                        .setTimeUnixNano(1_700_000_000_000_000_000L))))))
                .build();
        ExportLogsServiceRequest logs = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(TestTraces.resource("svc")).addScopeLogs(ScopeLogs.newBuilder().addLogRecords(
                        LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("started"))
                                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                                .setTraceId(TestTraces.traceId(3)).setSpanId(TestTraces.spanId(3)))))
                .build();
        running.metrics.clear();
        running.logs.clear();

        assertEquals(200, http.post("/v1/metrics", JSON, OtlpJson.encode(metrics)).statusCode());
        assertEquals(200, http.post("/v1/metrics", PROTOBUF, metrics.toByteArray()).statusCode());
        assertEquals(200, http.post("/v1/logs", JSON, OtlpJson.encode(logs)).statusCode());
        assertEquals(200, http.post("/v1/logs", PROTOBUF, logs.toByteArray()).statusCode());

        assertEquals(List.of(metrics, metrics), running.metrics.received());
        assertEquals(List.of(logs, logs), running.logs.received());
    }

    @Test
    void gzipAndDeflateBodiesAreDecompressed() throws Exception {
        ExportTraceServiceRequest request = TestTraces.request("svc", 2);
        byte[] json = OtlpJson.encode(request);

        assertEquals(200, http.post("/v1/traces", PROTOBUF, HttpSender.gzip(request.toByteArray()),
                "Content-Encoding", "gzip").statusCode());
        assertEquals(200, http.post("/v1/traces", JSON, HttpSender.gzip(json), "Content-Encoding", "gzip")
                .statusCode());
        assertEquals(200, http.post("/v1/traces", PROTOBUF, HttpSender.deflate(request.toByteArray(), true),
                "Content-Encoding", "deflate").statusCode());
        assertEquals(200, http.post("/v1/traces", PROTOBUF, HttpSender.deflate(request.toByteArray(), false),
                "Content-Encoding", "deflate").statusCode());

        assertEquals(List.of(request, request, request, request), running.traces.received());
    }

    @Test
    void zstdAndSnappyBodiesAreDecompressedAsTheCollectorsAre() throws Exception {
        ExportTraceServiceRequest request = TestTraces.request("svc", 2);
        byte[] proto = request.toByteArray();

        assertEquals(200, http.post("/v1/traces", PROTOBUF, Zstd.compress(proto), "Content-Encoding", "zstd")
                .statusCode());
        assertEquals(200, http.post("/v1/traces", JSON, Zstd.compress(OtlpJson.encode(request)),
                "Content-Encoding", "zstd").statusCode());
        assertEquals(200, http.post("/v1/traces", PROTOBUF, Snappy.compress(proto), "Content-Encoding", "snappy")
                .statusCode());
        byte[] framed = snappyFramed(proto);
        assertEquals(200, http.post("/v1/traces", PROTOBUF, framed, "Content-Encoding", "x-snappy-framed")
                .statusCode());
        // Collectors before v0.125 sent the framed format as "snappy"
        assertEquals(200, http.post("/v1/traces", PROTOBUF, framed, "Content-Encoding", "snappy").statusCode());

        assertEquals(List.of(request, request, request, request, request), running.traces.received());
    }

    @Test
    void zstdBombExpandingPastTheLimitIs413AndCorruptZstdIs400() throws Exception {
        byte[] bomb = Zstd.compress(new byte[8 << 20]);
        assertTrue(bomb.length < LIMIT, "the compressed body itself is within the limit");

        HttpResponse<byte[]> tooLarge = http.post("/v1/traces", PROTOBUF, bomb, "Content-Encoding", "zstd");
        HttpResponse<byte[]> corrupt = http.post("/v1/traces", PROTOBUF, "not zstd".getBytes(StandardCharsets.UTF_8),
                "Content-Encoding", "zstd");

        assertEquals(413, tooLarge.statusCode());
        assertEquals(400, corrupt.statusCode());
        assertTrue(com.google.rpc.Status.parseFrom(corrupt.body()).getMessage()
                .startsWith("request body cannot be decompressed: zstd data cannot be decoded"), body(corrupt));
        assertEquals(0, running.traces.received().size());
    }

    private static byte[] snappyFramed(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream framed = new SnappyFramedOutputStream(out)) {
            framed.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void oneBadSpanIsAPartialSuccessAndTheRestIsForwarded() throws Exception {
        ExportTraceServiceRequest valid = TestTraces.request("svc", 3);
        var scope = valid.getResourceSpans(0).getScopeSpans(0).toBuilder();
        scope.setSpans(1, scope.getSpans(1).toBuilder().setName("bad").setTraceId(ByteString.copyFrom(new byte[16])));
        ExportTraceServiceRequest request = valid.toBuilder()
                .setResourceSpans(0, valid.getResourceSpans(0).toBuilder().setScopeSpans(0, scope)).build();

        HttpResponse<byte[]> proto = http.post("/v1/traces", PROTOBUF, request.toByteArray());
        HttpResponse<byte[]> json = http.post("/v1/traces", JSON, OtlpJson.encode(request));

        assertEquals(200, proto.statusCode());
        var partial = ExportTraceServiceResponse.parseFrom(proto.body()).getPartialSuccess();
        assertEquals(1, partial.getRejectedSpans());
        assertTrue(partial.getErrorMessage().contains("'bad': trace_id must not be all zero"),
                partial.getErrorMessage());
        assertEquals(200, json.statusCode());
        assertEquals(partial, OtlpJson.decode(new String(json.body(), StandardCharsets.UTF_8),
                ExportTraceServiceResponse.getDefaultInstance()).getPartialSuccess());
        assertEquals(4, running.traces.itemCount(), "the two good spans of each request are forwarded");
        assertTrue(running.counter("otelcol_receiver_refused_spans", "http") >= 2);
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<byte[]> response = http.post("/v1/trace", PROTOBUF, new byte[0]);
        assertEquals(404, response.statusCode());
        assertTrue(body(response).contains("/v1/traces"), body(response));
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<byte[]> response = http.send("GET", "/v1/traces");
        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void wrongContentTypeOrEncodingIs415() throws Exception {
        HttpResponse<byte[]> type = http.post("/v1/traces", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, type.statusCode());
        assertTrue(body(type).contains("application/x-protobuf"), body(type));

        HttpResponse<byte[]> encoding = http.post("/v1/traces", PROTOBUF, new byte[0], "Content-Encoding", "br");
        assertEquals(415, encoding.statusCode());
        assertTrue(body(encoding).contains("'br'"), body(encoding));
    }

    @Test
    void undecodableBodyIs400WithAStatusInTheRequestsEncoding() throws Exception {
        HttpResponse<byte[]> proto = http.post("/v1/traces", PROTOBUF, new byte[] {(byte) 0x0a, (byte) 0xff, 1});
        assertEquals(400, proto.statusCode());
        assertEquals(PROTOBUF, proto.headers().firstValue("Content-Type").orElseThrow());
        com.google.rpc.Status status = com.google.rpc.Status.parseFrom(proto.body());
        assertEquals(Code.INVALID_ARGUMENT_VALUE, status.getCode());
        assertTrue(status.getMessage().contains("not a valid application/x-protobuf traces export request"),
                status.getMessage());

        HttpResponse<byte[]> json = http.post("/v1/traces", JSON, "{\"resourceSpans\": 5}".getBytes(
                StandardCharsets.UTF_8));
        assertEquals(400, json.statusCode());
        assertEquals(JSON, json.headers().firstValue("Content-Type").orElseThrow());
        com.google.rpc.Status jsonStatus = OtlpJson.decode(body(json), com.google.rpc.Status.getDefaultInstance());
        assertEquals(Code.INVALID_ARGUMENT_VALUE, jsonStatus.getCode());
        assertTrue(jsonStatus.getMessage().contains("resourceSpans"), jsonStatus.getMessage());

        HttpResponse<byte[]> corrupt = http.post("/v1/traces", PROTOBUF, new byte[] {0x1f, (byte) 0x8b, 8, 0, 9},
                "Content-Encoding", "gzip");
        assertEquals(400, corrupt.statusCode());
        assertTrue(com.google.rpc.Status.parseFrom(corrupt.body()).getMessage().contains("decompressed"));
        assertEquals(0, running.traces.received().size());
    }

    @Test
    void aStrayEndGroupTagIs400AndNothingIsForwarded() throws Exception {
        byte[] spans = TestTraces.request("svc", 2).toByteArray();
        byte[] body = java.util.Arrays.copyOf(spans, spans.length * 2 + 1);
        // the end-group tag of field 1, then the same spans again: the body must not end at the tag
        body[spans.length] = 0x0c;
        System.arraycopy(spans, 0, body, spans.length + 1, spans.length);

        HttpResponse<byte[]> response = http.post("/v1/traces", PROTOBUF, body);

        assertEquals(400, response.statusCode());
        assertTrue(com.google.rpc.Status.parseFrom(response.body()).getMessage().contains("end-group tag"));
        assertEquals(0, running.traces.received().size());
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        HttpResponse<byte[]> response = http.post("/v1/traces", PROTOBUF, new byte[1 << 20]);
        assertEquals(413, response.statusCode());
        assertEquals(Code.RESOURCE_EXHAUSTED_VALUE, com.google.rpc.Status.parseFrom(response.body()).getCode());
    }

    @Test
    void gzipBombExpandingPastTheLimitIs413() throws Exception {
        byte[] bomb = HttpSender.gzip(new byte[16 << 20]);
        assertTrue(bomb.length < LIMIT, "the compressed body itself is within the limit");

        HttpResponse<byte[]> response = http.post("/v1/traces", PROTOBUF, bomb, "Content-Encoding", "gzip");

        assertEquals(413, response.statusCode());
        assertTrue(com.google.rpc.Status.parseFrom(response.body()).getMessage().contains("max_request_body_size"));
        assertEquals(0, running.traces.received().size());
    }

    @Test
    void outageIs503WithRetryAfter() throws Exception {
        running.traces.answerWith(data -> CompletableFuture.failedFuture(
                new RetryableException("exporter is down", Duration.ofSeconds(3))));

        HttpResponse<byte[]> response = http.post("/v1/traces", PROTOBUF, TestTraces.request("svc", 2).toByteArray());

        assertEquals(503, response.statusCode());
        assertEquals("3", response.headers().firstValue("Retry-After").orElseThrow());
        com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.body());
        assertEquals(Code.UNAVAILABLE_VALUE, status.getCode());
        assertEquals("exporter is down", status.getMessage());
        assertTrue(running.counter("otelcol_receiver_refused_spans", "http") >= 2);
    }

    @Test
    void throttlingIs429WithRetryAfter() throws Exception {
        running.traces.answerWith(data -> CompletableFuture.failedFuture(
                RetryableException.throttled("data refused due to high memory usage", Duration.ofSeconds(2))));

        HttpResponse<byte[]> response = http.post("/v1/traces", PROTOBUF, TestTraces.request("svc", 2).toByteArray());

        assertEquals(429, response.statusCode());
        assertEquals("2", response.headers().firstValue("Retry-After").orElseThrow());
        com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.body());
        assertEquals(Code.RESOURCE_EXHAUSTED_VALUE, status.getCode());
        assertEquals("data refused due to high memory usage", status.getMessage());
    }

    @Test
    void permanentRefusalIs400() throws Exception {
        running.traces.answerWith(data -> CompletableFuture.failedFuture(new PermanentException("no tenant")));

        HttpResponse<byte[]> response = http.post("/v1/traces", JSON, OtlpJson.encode(TestTraces.request("svc", 1)));

        assertEquals(400, response.statusCode());
        assertFalse(response.headers().firstValue("Retry-After").isPresent());
        assertEquals("no tenant", OtlpJson.decode(body(response), com.google.rpc.Status.getDefaultInstance())
                .getMessage());
    }

    @Test
    void theClientIsAnsweredOnlyAfterThePipelineAccepted() throws Exception {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        running.traces.answerWith(data -> accepted);

        CompletableFuture<HttpResponse<byte[]>> response = http.postAsync("/v1/traces", PROTOBUF,
                TestTraces.request("svc", 1).toByteArray());
        running.traces.awaitItems(1, Duration.ofSeconds(5));
        assertThrows(TimeoutException.class, () -> response.get(200, TimeUnit.MILLISECONDS));

        accepted.complete(null);
        assertEquals(200, response.get(5, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void aSignalWithoutPipelineIs404() throws Exception {
        try (RunningReceiver noLogs = RunningReceiver.startWithoutLogs()) {
            HttpResponse<byte[]> response = new HttpSender(noLogs.receiver.httpPort()).post("/v1/logs", PROTOBUF,
                    ExportLogsServiceRequest.getDefaultInstance().toByteArray());
            assertEquals(404, response.statusCode());
            assertTrue(com.google.rpc.Status.parseFrom(response.body()).getMessage().contains("no logs pipeline"));
        }
    }

    @Test
    void corsPreflightIsAnsweredForAllowedOriginsOnly() throws Exception {
        HttpServerConfig withCors = new HttpServerConfig(new Endpoint("127.0.0.1", 0), null, null,
                new CorsConfig(List.of("https://*.example.com"), List.of("X-Tenant"), 600), null, null, null);
        try (RunningReceiver cors = RunningReceiver.start(null, withCors)) {
            HttpSender sender = new HttpSender(cors.receiver.httpPort());

            HttpResponse<byte[]> allowed = sender.send("OPTIONS", "/v1/traces", "Origin", "https://app.example.com",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type, x-tenant");
            assertEquals(204, allowed.statusCode());
            assertEquals("https://app.example.com",
                    allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertEquals("POST", allowed.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
            assertEquals("600", allowed.headers().firstValue("Access-Control-Max-Age").orElseThrow());

            HttpResponse<byte[]> otherOrigin = sender.send("OPTIONS", "/v1/traces", "Origin", "https://evil.test",
                    "Access-Control-Request-Method", "POST");
            assertNull(otherOrigin.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

            HttpResponse<byte[]> post = sender.post("/v1/traces", PROTOBUF, TestTraces.request("svc", 1).toByteArray(),
                    "Origin", "https://app.example.com");
            assertEquals(200, post.statusCode());
            assertEquals("https://app.example.com",
                    post.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        }
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
