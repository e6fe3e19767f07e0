package io.spanvault.receiver.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xerial.snappy.Snappy;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesEncoder;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/** The receiver on a loopback port, fed by Zipkin's and OpenTelemetry's own clients and by raw requests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZipkinReceiverTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String JSON_SPAN = """
            [{"traceId":"463ac35c9f6413ad","parentId":"463ac35c9f6413ad","id":"72485a3953bb6124",
              "kind":"CLIENT","name":"get /api","timestamp":1700000000000000,"duration":2500,
              "localEndpoint":{"serviceName":"frontend","ipv4":"10.0.0.1","port":8080},
              "remoteEndpoint":{"serviceName":"backend","ipv6":"2001:db8::c001","port":9000},
              "annotations":[{"timestamp":1700000000001000,"value":"wire.send"}],
              "tags":{"http.method":"GET","error":"true","http.status_code":"500","host.name":"box-1"}}]
            """;

    private final CapturingConsumer<ExportTraceServiceRequest> traces = new CapturingConsumer<>(Signal.TRACES);
    private final HttpClient http = HttpClient.newHttpClient();
    private ZipkinReceiver receiver;
    private String base;

    @BeforeAll
    void start() throws Exception {
        receiver = new ZipkinReceiverFactory().create(
                new ComponentContext(ComponentKind.RECEIVER, ComponentId.parse("zipkin"), new Telemetry()),
                new ZipkinReceiverConfig(new io.spanvault.pipeline.config.Endpoint("127.0.0.1", 0), true, 64L * 1024, null, null,
                        null, null, null, null, null, null, null),
                ReceiverConsumers.of(Signal.TRACES, traces));
        receiver.start(null);
        base = "http://127.0.0.1:" + receiver.port();
    }

    @AfterAll
    void stop() {
        receiver.close();
    }

    @BeforeEach
    void reset() {
        traces.clear();
        traces.answerWith(data -> CompletableFuture.completedFuture(null));
    }

    @Test
    void jsonV2IsTranslatedAsTheCollectorDoes() throws Exception {
        HttpResponse<String> response = post("/api/v2/spans", "application/json", JSON_SPAN.getBytes(), null);

        assertEquals(202, response.statusCode(), response.body());
        ResourceSpans resource = traces.received().get(0).getResourceSpans(0);
        assertEquals(Map.of("service.name", "frontend", "host.name", "box-1"), attributes(resource.getResource()
                .getAttributesList()));
        Span span = resource.getScopeSpans(0).getSpans(0);
        assertEquals("0000000000000000463ac35c9f6413ad", HexFormat.of().formatHex(span.getTraceId().toByteArray()));
        assertEquals("72485a3953bb6124", HexFormat.of().formatHex(span.getSpanId().toByteArray()));
        assertEquals("463ac35c9f6413ad", HexFormat.of().formatHex(span.getParentSpanId().toByteArray()));
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
        assertEquals(1_700_000_000_000_000_000L, span.getStartTimeUnixNano());
        assertEquals(1_700_000_000_002_500_000L, span.getEndTimeUnixNano());
        assertEquals("wire.send", span.getEvents(0).getName());
        assertEquals(1_700_000_000_001_000_000L, span.getEvents(0).getTimeUnixNano());
        Map<String, String> attributes = attributes(span.getAttributesList());
        assertEquals(Map.of("http.method", "GET", "http.status_code", "500", "net.host.ip", "10.0.0.1",
                "net.host.port", "8080", "peer.service", "backend", "net.peer.ip", "2001:db8::c001",
                "net.peer.port", "9000"), attributes);
        // parse_string_tags is on in this receiver: "500" became an int
        assertEquals(500, span.getAttributesList().stream().filter(a -> a.getKey().equals("http.status_code"))
                .findFirst().orElseThrow().getValue().getIntValue());
    }

    @Test
    void gzipBodiesAreInflated() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(JSON_SPAN.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = post("/api/v2/spans", "application/json", zipped.toByteArray(), "gzip");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(1, traces.itemCount());
    }

    @Test
    void zstdAndSnappyBodiesAreDecompressed() throws Exception {
        byte[] json = JSON_SPAN.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> zstd = post("/api/v2/spans", "application/json", Zstd.compress(json), "zstd");
        HttpResponse<String> snappy = post("/api/v2/spans", "application/json", Snappy.compress(json), "snappy");

        assertEquals(202, zstd.statusCode(), zstd.body());
        assertEquals(202, snappy.statusCode(), snappy.body());
        assertEquals(2, traces.itemCount());
    }

    @Test
    void proto3AndJsonV1FromZipkinsEncodersAreAccepted() throws Exception {
        zipkin2.Span span = zipkin2.Span.newBuilder().traceId("5af7183fb1d4cf5f5af7183fb1d4cf5f").id("352bff9a74ca9ad2")
                .kind(zipkin2.Span.Kind.SERVER).name("post /orders").timestamp(1_700_000_000_000_000L).duration(700)
                .localEndpoint(Endpoint.newBuilder().serviceName("orders").ip("192.168.1.2").port(443).build())
                .addAnnotation(1_700_000_000_000_100L, "started").putTag("region", "eu").shared(true).build();

        assertEquals(202, post("/api/v2/spans", "application/x-protobuf",
                SpanBytesEncoder.PROTO3.encodeList(List.of(span)), null).statusCode());
        assertEquals(202, post("/api/v1/spans", "application/json",
                SpanBytesEncoder.JSON_V1.encodeList(List.of(span)), null).statusCode());

        traces.awaitItems(2, WAIT);
        for (ExportTraceServiceRequest request : traces.received()) {
            ResourceSpans resource = request.getResourceSpans(0);
            assertEquals("orders", resource.getResource().getAttributes(0).getValue().getStringValue());
            Span otlp = resource.getScopeSpans(0).getSpans(0);
            assertEquals("5af7183fb1d4cf5f5af7183fb1d4cf5f", HexFormat.of().formatHex(otlp.getTraceId().toByteArray()));
            assertEquals(Span.SpanKind.SPAN_KIND_SERVER, otlp.getKind());
            assertEquals("post /orders", otlp.getName());
            assertEquals(700_000, otlp.getEndTimeUnixNano() - otlp.getStartTimeUnixNano());
            assertEquals("started", otlp.getEvents(0).getName());
            Map<String, String> attributes = attributes(otlp.getAttributesList());
            assertEquals("eu", attributes.get("region"));
            assertEquals("192.168.1.2", attributes.get("net.host.ip"));
            assertEquals("443", attributes.get("net.host.port"));
        }
    }

    @Test
    void bravesReporterSendsJsonAndProto3() throws Exception {
        for (Encoding encoding : List.of(Encoding.JSON, Encoding.PROTO3)) {
            try (URLConnectionSender sender = URLConnectionSender.newBuilder().encoding(encoding)
                    .endpoint(base + "/api/v2/spans").build();
                    AsyncReporter<zipkin2.Span> reporter = AsyncReporter.builder(sender)
                            .build(encoding == Encoding.JSON ? zipkin2.reporter.SpanBytesEncoder.JSON_V2
                                    : zipkin2.reporter.SpanBytesEncoder.PROTO3)) {
                reporter.report(zipkin2.Span.newBuilder().traceId("1").id("2").name("brave-" + encoding)
                        .localEndpoint(Endpoint.newBuilder().serviceName("brave-app").build())
                        .timestamp(1_700_000_000_000_000L).duration(5).build());
                reporter.flush();
            }
        }
        traces.awaitItems(2, WAIT);
        List<String> names = traces.received().stream().map(r -> r.getResourceSpans(0).getScopeSpans(0).getSpans(0)
                .getName()).toList();
        // Zipkin lowercases span names
        assertEquals(List.of("brave-json", "brave-proto3"), names);
    }

    @Test
    void badBodiesAre400NamingTheProblem() throws Exception {
        HttpResponse<String> notArray = post("/api/v2/spans", "application/json", "{}".getBytes(), null);
        assertEquals(400, notArray.statusCode());
        assertTrue(notArray.body().contains("array of spans"), notArray.body());

        HttpResponse<String> badId = post("/api/v2/spans", "application/json",
                "[{\"traceId\":\"zz\",\"id\":\"1\"}]".getBytes(), null);
        assertEquals(400, badId.statusCode());
        assertTrue(badId.body().contains("span 0: traceId 'zz' is not hex"), badId.body());

        HttpResponse<String> noId = post("/api/v2/spans", "application/json", "[{\"traceId\":\"1\"}]".getBytes(), null);
        assertTrue(noId.body().contains("span 0: id is missing"), noId.body());

        HttpResponse<String> truncated = post("/api/v2/spans", "application/json", "[{\"traceId\":".getBytes(), null);
        assertEquals(400, truncated.statusCode());
        assertTrue(truncated.body().startsWith("invalid Zipkin json v2 body: malformed JSON"), truncated.body());

        HttpResponse<String> badProto = post("/api/v2/spans", "application/x-protobuf", new byte[] {10, 50, 1},
                null);
        assertEquals(400, badProto.statusCode());
        assertTrue(badProto.body().contains("proto3"), badProto.body());

        assertEquals(415, post("/api/v1/spans", "application/x-thrift", new byte[1], null).statusCode());
        assertEquals(404, post("/api/v3/spans", "application/json", "[]".getBytes(), null).statusCode());
        assertEquals(0, traces.itemCount());
    }

    @Test
    void tooLargeBodiesAre413() throws Exception {
        byte[] big = ("[" + "{\"traceId\":\"1\",\"id\":\"2\"},".repeat(4000) + "{\"traceId\":\"1\",\"id\":\"2\"}]")
                .getBytes();
        assertEquals(413, post("/api/v2/spans", "application/json", big, null).statusCode());
    }

    @Test
    void backPressureIs503WithRetryAfter() throws Exception {
        traces.answerWith(data -> CompletableFuture.failedFuture(new RetryableException("queue is full",
                Duration.ofSeconds(3))));

        HttpResponse<String> response = post("/api/v2/spans", "application/json", JSON_SPAN.getBytes(), null);

        assertEquals(503, response.statusCode());
        assertEquals("3", response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(response.body().contains("queue is full"), response.body());
    }

    @Test
    void jsonV1ClientAndServerSidesBecomeTwoSpans() throws Exception {
        String v1 = """
                [{"traceId":"000000000000000a","id":"000000000000000b","name":"get","annotations":[
                  {"timestamp":100,"value":"cs","endpoint":{"serviceName":"web","ipv4":"1.2.3.4"}},
                  {"timestamp":110,"value":"sr","endpoint":{"serviceName":"api"}},
                  {"timestamp":190,"value":"ss","endpoint":{"serviceName":"api"}},
                  {"timestamp":200,"value":"cr","endpoint":{"serviceName":"web","ipv4":"1.2.3.4"}}],
                  "binaryAnnotations":[{"key":"http.path","value":"/x","endpoint":{"serviceName":"web"}},
                  {"key":"sa","value":true,"endpoint":{"serviceName":"api","port":80}}]}]
                """;
        assertEquals(202, post("/api/v1/spans", "application/json", v1.getBytes(), null).statusCode());

        Map<String, Span> byService = traces.received().get(0).getResourceSpansList().stream().collect(
                Collectors.toMap(r -> r.getResource().getAttributes(0).getValue().getStringValue(),
                        r -> r.getScopeSpans(0).getSpans(0)));
        Span client = byService.get("web");
        Span server = byService.get("api");
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, client.getKind());
        assertEquals(100_000, client.getEndTimeUnixNano() - client.getStartTimeUnixNano());
        assertEquals("api", attributes(client.getAttributesList()).get("peer.service"));
        assertEquals("/x", attributes(client.getAttributesList()).get("http.path"));
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, server.getKind());
        assertEquals(110_000, server.getStartTimeUnixNano());
        assertEquals(80_000, server.getEndTimeUnixNano() - server.getStartTimeUnixNano());
        assertEquals(client.getSpanId(), server.getSpanId());
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body, String encoding)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, a -> switch (a.getValue().getValueCase()) {
            case INT_VALUE -> Long.toString(a.getValue().getIntValue());
            case BOOL_VALUE -> Boolean.toString(a.getValue().getBoolValue());
            default -> a.getValue().getStringValue();
        }));
    }
}
