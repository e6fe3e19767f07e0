package io.spanvault.query.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.query.QueryServerFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zipkin's v2 query API endpoint by endpoint and parameter by parameter (semantics from openzipkin's
 * zipkin2-api.yaml and ITSpanStore), over a real store holding two traces: A, a minute old, frontend → backend
 * with an error on the backend; B, two hours old, one slow frontend span.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZipkinV2ApiTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String TRACE_A = "00000000000000000000000000a1a1a1";
    private static final String TRACE_B = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";

    @TempDir
    static Path dir;

    private QueryServerFixture server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        long a = nanos(NOW.minusSeconds(60));
        long b = nanos(NOW.minus(Duration.ofHours(2)));
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resource("frontend",
                        span(TRACE_A, "000000000000000a", "", "get /", Span.SpanKind.SPAN_KIND_SERVER, a, 10_000_000),
                        span(TRACE_A, "000000000000000b", "000000000000000a", "get /api", Span.SpanKind.SPAN_KIND_CLIENT,
                                a + 1_000_000, 8_000_000).toBuilder().addAttributes(string("peer.service", "backend"))
                                .addAttributes(string("net.peer.ip", "10.0.0.2")).build(),
                        span(TRACE_B, "000000000000000d", "", "post /checkout", Span.SpanKind.SPAN_KIND_SERVER, b,
                                300_000_000).toBuilder().addAttributes(string("user", "alice")).build()))
                .addResourceSpans(resource("backend",
                        span(TRACE_A, "000000000000000c", "000000000000000b", "get /api", Span.SpanKind.SPAN_KIND_SERVER,
                                a + 2_000_000, 5_000_000).toBuilder().addAttributes(string("http.method", "GET"))
                                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                        .setMessage("boom"))
                                .addEvents(Span.Event.newBuilder().setName("wire.recv").setTimeUnixNano(a + 2_500_000))
                                .build()))
                .build();
        server = new QueryServerFixture(dir, NOW, QueryServerFixture.loopback(""), request);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void servicesAreSorted() throws Exception {
        assertEquals(List.of("backend", "frontend"), strings(server.getOk("/api/v2/services")));
    }

    @Test
    void spansListsTheServicesSpanNamesAndNeedsServiceName() throws Exception {
        assertEquals(List.of("get /", "get /api", "post /checkout"),
                strings(server.getOk("/api/v2/spans?serviceName=frontend")));
        assertEquals(List.of(), strings(server.getOk("/api/v2/spans?serviceName=nobody")));
        assertError(400, "serviceName", "/api/v2/spans");
    }

    @Test
    void remoteServicesComeFromPeerService() throws Exception {
        assertEquals(List.of("backend"), strings(server.getOk("/api/v2/remoteServices?serviceName=frontend")));
        assertEquals(List.of(), strings(server.getOk("/api/v2/remoteServices?serviceName=backend")));
        assertError(400, "serviceName", "/api/v2/remoteServices");
    }

    @Test
    void tracesDefaultToTheLastDayNewestFirst() throws Exception {
        assertEquals(List.of(TRACE_A.substring(16), TRACE_B), traceIds("/api/v2/traces"));
    }

    @Test
    void tracesFilterByServiceSpanAndRemoteService() throws Exception {
        assertEquals(List.of(TRACE_A.substring(16)), traceIds("/api/v2/traces?serviceName=backend"));
        assertEquals(List.of(TRACE_B), traceIds("/api/v2/traces?serviceName=frontend&spanName=" + enc("post /checkout")));
        assertEquals(List.of(TRACE_A.substring(16), TRACE_B), traceIds("/api/v2/traces?spanName=all"));
        assertEquals(List.of(TRACE_A.substring(16)), traceIds("/api/v2/traces?remoteServiceName=backend"));
        assertEquals(List.of(), traceIds("/api/v2/traces?serviceName=backend&spanName=" + enc("post /checkout")));
    }

    @Test
    void annotationQueryMatchesTagsKeysAndAnnotations() throws Exception {
        assertEquals(List.of(TRACE_A.substring(16)), traceIds("/api/v2/traces?annotationQuery=" + enc("http.method=GET")));
        assertEquals(List.of(TRACE_A.substring(16)), traceIds("/api/v2/traces?annotationQuery=error"));
        assertEquals(List.of(TRACE_A.substring(16)), traceIds("/api/v2/traces?annotationQuery=wire.recv"));
        assertEquals(List.of(TRACE_B), traceIds("/api/v2/traces?annotationQuery=" + enc("user=alice")));
        assertEquals(List.of(), traceIds("/api/v2/traces?annotationQuery=" + enc("user=alice and error")));
        assertEquals(List.of(), traceIds("/api/v2/traces?annotationQuery=" + enc("user=bob")));
        assertError(400, "no key", "/api/v2/traces?annotationQuery=" + enc("=x"));
    }

    @Test
    void durationsAreMicrosecondsOnOneSpan() throws Exception {
        assertEquals(List.of(TRACE_B), traceIds("/api/v2/traces?minDuration=100000"));
        assertEquals(List.of(TRACE_A.substring(16)), traceIds("/api/v2/traces?minDuration=1&maxDuration=50000"));
        assertEquals(List.of(TRACE_A.substring(16)),
                traceIds("/api/v2/traces?serviceName=backend&minDuration=5000&maxDuration=5000"));
        assertError(400, "maxDuration is only valid with minDuration", "/api/v2/traces?maxDuration=10");
        assertError(400, "maxDuration should be >= minDuration", "/api/v2/traces?minDuration=10&maxDuration=5");
        assertError(400, "minDuration should be > 0", "/api/v2/traces?minDuration=0");
    }

    @Test
    void endTsAndLookbackBoundTheStartTimes() throws Exception {
        long now = NOW.toEpochMilli();
        assertEquals(List.of(TRACE_B), traceIds("/api/v2/traces?endTs=" + (now - 3_600_000) + "&lookback=7200000"));
        assertEquals(List.of(TRACE_A.substring(16)), traceIds("/api/v2/traces?lookback=1800000"));
        assertEquals(List.of(), traceIds("/api/v2/traces?endTs=" + (now - 10_800_000) + "&lookback=3600000"));
        assertError(400, "endTs 'soon' is not an integer", "/api/v2/traces?endTs=soon");
        assertError(400, "lookback should be > 0", "/api/v2/traces?lookback=-1");
    }

    @Test
    void limitCapsTheTraces() throws Exception {
        assertEquals(List.of(TRACE_A.substring(16)), traceIds("/api/v2/traces?limit=1"));
        assertError(400, "limit should be > 0", "/api/v2/traces?limit=0");
    }

    @Test
    void traceIsZipkinsSpanModel() throws Exception {
        JsonNode trace = server.getOk("/api/v2/trace/" + TRACE_A.substring(16));
        assertEquals(3, trace.size());
        JsonNode backend = find(trace, "000000000000000c");
        assertEquals("00000000a1a1a1".length() + 2, backend.get("traceId").asText().length());
        assertEquals("000000000000000b", backend.get("parentId").asText());
        assertEquals("SERVER", backend.get("kind").asText());
        assertEquals("get /api", backend.get("name").asText());
        assertEquals(NOW.minusSeconds(60).toEpochMilli() * 1000 + 2000, backend.get("timestamp").asLong());
        assertEquals(5000, backend.get("duration").asLong());
        assertEquals("backend", backend.get("localEndpoint").get("serviceName").asText());
        assertEquals("wire.recv", backend.get("annotations").get(0).get("value").asText());
        assertEquals("GET", backend.get("tags").get("http.method").asText());
        assertEquals("true", backend.get("tags").get("error").asText());
        assertEquals("ERROR", backend.get("tags").get("otel.status_code").asText());
        assertEquals("boom", backend.get("tags").get("otel.status_description").asText());
        JsonNode client = find(trace, "000000000000000b");
        assertEquals("CLIENT", client.get("kind").asText());
        assertEquals("backend", client.get("remoteEndpoint").get("serviceName").asText());
        assertEquals("10.0.0.2", client.get("remoteEndpoint").get("ipv4").asText());
        assertTrue(find(trace, "000000000000000a").get("parentId") == null);

        assertEquals(3, server.getOk("/api/v2/trace/" + TRACE_A).size());
        assertEquals(TRACE_B, server.getOk("/api/v2/trace/" + TRACE_B).get(0).get("traceId").asText());
        assertError(404, "Cannot find trace", "/api/v2/trace/00000000000000ff");
        assertError(400, "must be 16 or 32", "/api/v2/trace/abc");
        assertError(400, "not hex", "/api/v2/trace/zzzzzzzzzzzzzzzz");
    }

    @Test
    void traceManyReturnsTheTracesFound() throws Exception {
        JsonNode traces = server.getOk("/api/v2/traceMany?traceIds=" + TRACE_A.substring(16) + "," + TRACE_B
                + ",00000000000000ff");
        assertEquals(2, traces.size());
        assertEquals(3, traces.get(0).size());
        assertEquals(1, traces.get(1).size());
        assertError(400, "traceIds", "/api/v2/traceMany");
        assertError(400, "must be 16 or 32", "/api/v2/traceMany?traceIds=1");
    }

    @Test
    void dependenciesNeedEndTs() throws Exception {
        JsonNode links = server.getOk("/api/v2/dependencies?endTs=" + NOW.toEpochMilli() + "&lookback=86400000");
        assertEquals(1, links.size());
        assertEquals("frontend", links.get(0).get("parent").asText());
        assertEquals("backend", links.get(0).get("child").asText());
        assertEquals(1, links.get(0).get("callCount").asLong());
        // the store counts links per hour partition, so a window excludes the span's hour only when apart from it
        assertEquals(0, server.getOk("/api/v2/dependencies?endTs=" + (NOW.toEpochMilli() - 3 * 3_600_000)
                + "&lookback=60000").size());
        assertError(400, "endTs", "/api/v2/dependencies");
    }

    @Test
    void autocompleteOffersRecentKeysAndValues() throws Exception {
        assertTrue(strings(server.getOk("/api/v2/autocompleteKeys")).contains("http.method"));
        assertEquals(List.of("GET"), strings(server.getOk("/api/v2/autocompleteValues?key=http.method")));
        assertEquals(List.of(), strings(server.getOk("/api/v2/autocompleteValues?key=nothing")));
        assertError(400, "key", "/api/v2/autocompleteValues");
    }

    @Test
    void lensFindsTheApiUnderZipkinAndUnknownPathsAre404() throws Exception {
        assertEquals(List.of("backend", "frontend"), strings(server.getOk("/zipkin/api/v2/services")));
        assertError(404, "no Zipkin API", "/api/v2/nothing");
    }

    @Test
    void lensIsServedFromItsJarWithItsConfig() throws Exception {
        HttpResponse<String> index = raw("/zipkin/");
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("<base href=\"/zipkin/\""), index.body());
        assertEquals(index.body(), raw("/zipkin/traces/" + TRACE_B).body());
        JsonNode config = server.getOk("/zipkin/config.json");
        assertTrue(config.get("searchEnabled").asBoolean());
        String script = index.body().replaceAll("(?s).*src=\"/zipkin/([^\"]+\\.js)\".*", "$1");
        HttpResponse<String> js = raw("/zipkin/" + script);
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("content-type").orElseThrow().startsWith("text/javascript"));
    }

    private static JsonNode find(JsonNode trace, String id) {
        for (JsonNode span : trace) {
            if (span.get("id").asText().equals(id)) {
                return span;
            }
        }
        throw new AssertionError("no span " + id + " in " + trace);
    }

    private List<String> traceIds(String path) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode trace : server.getOk(path)) {
            ids.add(trace.get(0).get("traceId").asText());
        }
        return ids;
    }

    private void assertError(int status, String message, String path) throws Exception {
        HttpResponse<String> response = raw(path);
        assertEquals(status, response.statusCode(), path + " → " + response.body());
        assertTrue(response.body().contains(message), path + " → " + response.body());
    }

    private HttpResponse<String> raw(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.extension.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static ResourceSpans resource(String service, Span... spans) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(string("service.name", service)))
                .addScopeSpans(io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder().addAllSpans(List.of(spans)))
                .build();
    }

    private static Span span(String traceId, String spanId, String parent, String name, Span.SpanKind kind, long start,
            long durationNanos) {
        Span.Builder span = Span.newBuilder().setTraceId(bytes(traceId)).setSpanId(bytes(spanId)).setName(name)
                .setKind(kind).setStartTimeUnixNano(start).setEndTimeUnixNano(start + durationNanos);
        if (!parent.isEmpty()) {
            span.setParentSpanId(bytes(parent));
        }
        return span.build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
