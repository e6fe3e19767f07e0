package io.spanvault.query.apiv3;

import static io.spanvault.query.QueryServerFixture.JSON;
import static io.spanvault.query.TestData.NOW;
import static io.spanvault.query.TestData.T0;
import static io.spanvault.query.TestData.T2;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.spanvault.query.QueryServerFixture;
import io.spanvault.query.QueryServerFixture.Reply;
import io.spanvault.query.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** api_v3 over HTTP, on traces written through the Chronicle store's writer. */
class V3ApiTest {
    private static final String T1_OTLP = "00000000000000000000000000000001";
    private static final String WINDOW = "query.start_time_min=" + T0.minus(Duration.ofMinutes(1))
            + "&query.start_time_max=" + NOW;

    @TempDir
    static Path dataDir;
    static QueryServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new QueryServerFixture(dataDir, NOW, QueryServerFixture.loopback(""), TestData.traces());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode ok(String path) throws Exception {
        return server.getOk(path);
    }

    private static void assertError(String path, int status, String message) throws Exception {
        Reply reply = server.get(path);
        assertEquals(status, reply.status(), path);
        assertEquals(JSON.readTree("{\"error\":{\"httpCode\":" + status + ",\"message\":"
                + JSON.writeValueAsString(message) + "}}"), reply.json(), path);
    }

    /** "traceId/spanId" of every span of a {@code {"result": TracesData}} body, sorted. */
    private static TreeSet<String> spans(JsonNode body) {
        TreeSet<String> ids = new TreeSet<>();
        for (JsonNode rs : body.path("result").path("resourceSpans")) {
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode span : ss.path("spans")) {
                    ids.add(span.path("traceId").asText() + "/" + span.path("spanId").asText());
                }
            }
        }
        return ids;
    }

    @Test
    void servicesAndOperations() throws Exception {
        assertEquals(JSON.readTree("{\"services\":[\"backend\",\"frontend\"]}"), ok("/api/v3/services"));
        assertEquals(JSON.readTree("{\"operations\":[{\"name\":\"redis GET\",\"spanKind\":\"client\"}]}"),
                ok("/api/v3/operations?service=frontend&span_kind=client"));
        assertEquals(JSON.readTree("{\"operations\":[{\"name\":\"HTTP GET /dispatch\",\"spanKind\":\"server\"}]}"),
                ok("/api/v3/operations?service=frontend&spanKind=server"));
        assertEquals(2, ok("/api/v3/operations?service=frontend").path("operations").size());
        assertError("/api/v3/operations", 400, "parameter 'service' is required");
    }

    @Test
    void traceByIdIsOtlpJsonUnderResult() throws Exception {
        JsonNode body = ok("/api/v3/traces/1");

        assertEquals(new TreeSet<>(List.of(T1_OTLP + "/00000000000000a1", T1_OTLP + "/00000000000000b2",
                T1_OTLP + "/00000000000000c3")), spans(body));
        JsonNode backend = null;
        for (JsonNode rs : body.path("result").path("resourceSpans")) {
            if (rs.at("/resource/attributes/0/value/stringValue").asText().equals("backend")) {
                backend = rs;
            }
        }
        long t0Nanos = T0.getEpochSecond() * 1_000_000_000L;
        assertEquals(JSON.readTree("""
                {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"backend"}},
                                           {"key":"host.name","value":{"stringValue":"b1"}}]},
                 "scopeSpans":[{"scope":{"name":"backend-lib"},"spans":[
                   {"traceId":"%s","spanId":"00000000000000c3","parentSpanId":"00000000000000a1","name":"/customer",
                    "kind":2,"startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                    "attributes":[{"key":"customer.id","value":{"stringValue":"123"}}],
                    "status":{"message":"not found","code":2}}]}]}
                """.formatted(T1_OTLP, t0Nanos + 20_000_000L, t0Nanos + 80_000_000L)), backend);
    }

    @Test
    void traceByIdErrors() throws Exception {
        assertError("/api/v3/traces/abc", 404, "trace not found");
        assertError("/api/v3/traces/xyz", 400,
                "malformed parameter trace_id: trace id 'xyz' is neither 1 to 32 hex digits nor the base64 of 16 bytes");
    }

    @Test
    void findTracesInBothSpellings() throws Exception {
        TreeSet<String> all = spans(ok("/api/v3/traces?query.service_name=backend&" + WINDOW));
        assertEquals(5, all.size());
        assertEquals(all, spans(ok("/api/v3/traces?query.serviceName=backend&query.startTimeMin="
                + T0.minus(Duration.ofMinutes(1)) + "&query.startTimeMax=" + NOW)));
        assertEquals(new TreeSet<>(List.of(T2 + "/00000000000000d4", T2 + "/00000000000000e5")),
                spans(ok("/api/v3/traces?query.service_name=backend&query.attributes=%7B%22customer.id%22%3A%22456%22%7D&"
                        + WINDOW)));
        assertEquals(3, spans(ok("/api/v3/traces?query.service_name=backend&query.duration_max=100ms&" + WINDOW))
                .size());
        assertEquals(2, spans(ok("/api/v3/traces?query.service_name=backend&query.search_depth=1&" + WINDOW))
                .size());
        String wholeTrace = "/api/v3/traces?query.service_name=frontend&query.operation_name=redis%20GET"
                + "&query.duration_min=50ms&" + WINDOW;
        assertEquals(404, server.get(wholeTrace).status());
        assertEquals(3, spans(ok(wholeTrace + "&query.match=trace")).size());
    }

    @Test
    void findTracesErrors() throws Exception {
        assertError("/api/v3/traces?query.service_name=backend&query.attributes=%7B%22customer.id%22%3A%22789%22%7D&"
                + WINDOW, 404, "No traces found");
        assertError("/api/v3/traces?query.service_name=backend", 400,
                "query.start_time_min and query.start_time_max are required");
        assertError("/api/v3/traces?" + WINDOW, 400, "query.service_name is required");
        assertEquals(5, spans(ok("/api/v3/traces?query.all_services=true&" + WINDOW)).size());
    }

    @Test
    void traceSummariesFieldByField() throws Exception {
        long t0 = T0.getEpochSecond() * 1_000_000_000L;
        long hour = Duration.ofHours(1).toNanos();
        JsonNode expected = JSON.readTree("""
                {"summaries":[
                 {"errorSpanCount":0,"maxEndTimeUnixNano":"%1$d","minStartTimeUnixNano":"%2$d",
                  "rootOperationName":"/customer","rootServiceName":"backend",
                  "services":[{"errorSpanCount":0,"name":"backend","spanCount":2}],"spanCount":2,"traceId":"%3$s"},
                 {"errorSpanCount":1,"maxEndTimeUnixNano":"%4$d","minStartTimeUnixNano":"%5$d",
                  "rootOperationName":"HTTP GET /dispatch","rootServiceName":"frontend",
                  "services":[{"errorSpanCount":1,"name":"backend","spanCount":1},
                              {"errorSpanCount":0,"name":"frontend","spanCount":2}],
                  "spanCount":3,"traceId":"%6$s"}]}
                """.formatted(t0 + hour + 2_000_000_000L, t0 + hour, T2, t0 + 100_000_000L, t0, T1_OTLP));

        assertEquals(expected, ok("/api/v3/trace-summaries?query.service_name=backend&" + WINDOW));
        assertEquals(JSON.readTree("{\"summaries\":[]}"),
                ok("/api/v3/trace-summaries?query.service_name=nobody&" + WINDOW));
        List<String> keys = new ArrayList<>();
        ok("/api/v3/trace-summaries?query.service_name=backend&" + WINDOW).path("summaries").get(0).fieldNames()
                .forEachRemaining(keys::add);
        assertEquals(List.of("errorSpanCount", "maxEndTimeUnixNano", "minStartTimeUnixNano", "rootOperationName",
                "rootServiceName", "services", "spanCount", "traceId"), keys);
    }
}
