package io.spanvault.query.jaeger;

import static io.spanvault.query.QueryServerFixture.JSON;
import static io.spanvault.query.TestData.NOW;
import static io.spanvault.query.TestData.T1;
import static io.spanvault.query.TestData.T2;
import static io.spanvault.query.TestData.t0Micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanvault.query.QueryServerFixture;
import io.spanvault.query.QueryServerFixture.Reply;
import io.spanvault.query.TestData;
import io.spanvault.query.http.RawResponse;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.query.extension.QueryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v1 API over HTTP, on traces written through the Chronicle store's writer. */
class V1ApiTest {
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
        assertEquals(JSON.readTree("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":"
                + status + ",\"msg\":" + JSON.writeValueAsString(message) + "}]}"), reply.json(), path);
    }

    private static JsonNode envelope(String data, int total) throws Exception {
        return JSON.readTree("{\"data\":" + data + ",\"total\":" + total + ",\"limit\":0,\"offset\":0,\"errors\":null}");
    }

    private static List<String> traceIds(JsonNode envelope) {
        List<String> ids = new ArrayList<>();
        envelope.path("data").forEach(t -> ids.add(t.path("traceID").asText()));
        return ids;
    }

    @Test
    void servicesAreListedSortedWithTheirCount() throws Exception {
        assertEquals(envelope("[\"backend\",\"frontend\"]", 2), ok("/api/services"));
    }

    @Test
    void operationsOfAServiceByPathAreUniqueNames() throws Exception {
        assertEquals(envelope("[\"HTTP GET /dispatch\",\"redis GET\"]", 2), ok("/api/services/frontend/operations"));
        assertEquals(envelope("[]", 0), ok("/api/services/nobody/operations"));
    }

    @Test
    void operationsWithSpanKind() throws Exception {
        assertEquals(envelope("[{\"name\":\"HTTP GET /dispatch\",\"spanKind\":\"server\"},"
                + "{\"name\":\"redis GET\",\"spanKind\":\"client\"}]", 2), ok("/api/operations?service=frontend"));
        assertEquals(envelope("[{\"name\":\"redis GET\",\"spanKind\":\"client\"}]", 1),
                ok("/api/operations?service=frontend&spanKind=client"));
        assertError("/api/operations", 400, "parameter 'service' is required");
    }

    static String expectedT1() {
        long t0 = t0Micros();
        return """
                {"traceID":"0000000000000001","spans":[
                 {"traceID":"0000000000000001","spanID":"00000000000000a1","operationName":"HTTP GET /dispatch",
                  "references":[],"startTime":%1$d,"duration":100000,
                  "tags":[{"key":"otel.scope.name","type":"string","value":"frontend-lib"},
                          {"key":"otel.scope.version","type":"string","value":"1.0"},
                          {"key":"http.method","type":"string","value":"GET"},
                          {"key":"http.status_code","type":"int64","value":200},
                          {"key":"span.kind","type":"string","value":"server"}],
                  "logs":[],"processID":"frontend","warnings":null},
                 {"traceID":"0000000000000001","spanID":"00000000000000b2","operationName":"redis GET",
                  "references":[{"refType":"CHILD_OF","traceID":"0000000000000001","spanID":"00000000000000a1"}],
                  "startTime":%2$d,"duration":5000,
                  "tags":[{"key":"otel.scope.name","type":"string","value":"frontend-lib"},
                          {"key":"otel.scope.version","type":"string","value":"1.0"},
                          {"key":"db.system","type":"string","value":"redis"},
                          {"key":"span.kind","type":"string","value":"client"}],
                  "logs":[{"timestamp":%3$d,"fields":[{"key":"event","type":"string","value":"cache miss"},
                                                       {"key":"key","type":"string","value":"customer:123"}]}],
                  "processID":"frontend","warnings":null},
                 {"traceID":"0000000000000001","spanID":"00000000000000c3","operationName":"/customer",
                  "references":[{"refType":"CHILD_OF","traceID":"0000000000000001","spanID":"00000000000000a1"}],
                  "startTime":%4$d,"duration":60000,
                  "tags":[{"key":"otel.scope.name","type":"string","value":"backend-lib"},
                          {"key":"customer.id","type":"string","value":"123"},
                          {"key":"span.kind","type":"string","value":"server"},
                          {"key":"otel.status_code","type":"string","value":"ERROR"},
                          {"key":"error","type":"bool","value":true},
                          {"key":"otel.status_description","type":"string","value":"not found"}],
                  "logs":[],"processID":"backend","warnings":null}],
                 "processes":{"frontend":{"serviceName":"frontend","tags":[]},
                              "backend":{"serviceName":"backend","tags":[{"key":"host.name","type":"string","value":"b1"}]}},
                 "warnings":null}
                """.formatted(t0, t0 + 10_000, t0 + 12_000, t0 + 20_000);
    }

    /**
     * The trace with spans sorted by id and process ids (p1, p2, … in the store's span order) replaced by the
     * service name, after checking that every span's process id is declared and every process is used.
     */
    static JsonNode normalized(JsonNode trace) {
        ObjectNode copy = trace.deepCopy();
        JsonNode processes = copy.path("processes");
        ObjectNode byService = JSON.createObjectNode();
        List<JsonNode> spans = new ArrayList<>();
        copy.path("spans").forEach(spans::add);
        List<String> used = new ArrayList<>();
        for (JsonNode span : spans) {
            String pid = span.path("processID").asText();
            assertTrue(processes.has(pid), "undeclared process " + pid);
            assertTrue(pid.matches("p[1-9][0-9]*"), pid);
            used.add(pid);
            String service = processes.path(pid).path("serviceName").asText();
            ((ObjectNode) span).put("processID", service);
            byService.set(service, processes.path(pid));
        }
        assertEquals(processes.size(), used.stream().distinct().count(), "every process is used");
        spans.sort(Comparator.comparing(s -> s.path("spanID").asText()));
        ArrayNode sorted = JSON.createArrayNode();
        spans.forEach(sorted::add);
        copy.set("spans", sorted);
        copy.set("processes", byService);
        return copy;
    }

    @Test
    void traceByIdIsJaegerUiJsonFieldByField() throws Exception {
        JsonNode response = ok("/api/traces/" + T1);

        assertEquals(0, response.path("total").asInt());
        assertEquals(0, response.path("limit").asInt());
        assertEquals(0, response.path("offset").asInt());
        assertTrue(response.path("errors").isNull());
        assertEquals(1, response.path("data").size());
        assertEquals(JSON.readTree(expectedT1()), normalized(response.path("data").get(0)));
    }

    @Test
    void traceIdsMayBeShortPaddedLongOrBase64() throws Exception {
        JsonNode expected = normalized(ok("/api/traces/" + T1).path("data").get(0));
        for (String id : List.of("1", "00000000000000000000000000000001", "AAAAAAAAAAAAAAAAAAAAAQ==")) {
            assertEquals(expected, normalized(ok("/api/traces/" + id.replace("=", "%3D")).path("data").get(0)), id);
        }
        JsonNode t2 = ok("/api/traces/" + T2).path("data").get(0);
        assertEquals(T2, t2.path("traceID").asText());
        JsonNode link = null;
        for (JsonNode span : t2.path("spans")) {
            if (span.path("spanID").asText().equals("00000000000000e5")) {
                link = span.path("references");
            }
        }
        assertEquals(JSON.readTree("[{\"refType\":\"CHILD_OF\",\"traceID\":\"" + T2 + "\",\"spanID\":\"00000000000000d4\"},"
                + "{\"refType\":\"FOLLOWS_FROM\",\"traceID\":\"0000000000000001\",\"spanID\":\"00000000000000a1\"}]"), link);
    }

    @Test
    void missingAndMalformedTraceIds() throws Exception {
        assertError("/api/traces/abc", 404, "trace not found");
        assertError("/api/traces/xyz", 400, "trace id 'xyz' is neither 1 to 32 hex digits nor the base64 of 16 bytes");
        assertError("/api/traces/" + "1".repeat(33), 400,
                "trace id '" + "1".repeat(33) + "' is neither 1 to 32 hex digits nor the base64 of 16 bytes");
    }

    @Test
    void searchReturnsWholeTracesNewestFirstInTheEnvelope() throws Exception {
        JsonNode response = ok("/api/traces?service=backend");

        assertEquals(List.of(T2, T1), traceIds(response));
        assertEquals(0, response.path("total").asInt());
        assertTrue(response.path("errors").isNull());
        assertEquals(JSON.readTree(expectedT1()), normalized(response.path("data").get(1)));
        assertEquals(2, response.path("data").get(0).path("spans").size());
    }

    @Test
    void searchByOperationTagsDurationsLimitAndTime() throws Exception {
        assertEquals(List.of(T1), traceIds(ok("/api/traces?service=frontend&operation=redis%20GET")));
        assertEquals(List.of(T2), traceIds(ok("/api/traces?service=backend&tag=customer.id:456")));
        assertEquals(List.of(T1), traceIds(ok("/api/traces?service=backend&tag=error:true")));
        assertEquals(List.of(T1), traceIds(ok("/api/traces?service=backend&tags=%7B%22customer.id%22%3A%22123%22%7D")));
        assertEquals(List.of(), traceIds(ok("/api/traces?service=backend&tag=customer.id:789")));
        assertEquals(List.of(T2), traceIds(ok("/api/traces?service=backend&minDuration=1.5s")));
        assertEquals(List.of(T1), traceIds(ok("/api/traces?service=backend&maxDuration=100ms")));
        assertEquals(List.of(T2), traceIds(ok("/api/traces?service=backend&minDuration=1s&maxDuration=")));
        assertEquals(List.of(T2), traceIds(ok("/api/traces?service=backend&limit=1")));
        long t0 = t0Micros();
        assertEquals(List.of(T1), traceIds(ok("/api/traces?service=backend&start=" + (t0 - 1) + "&end="
                + (t0 + 1_000_000))));
        assertEquals(List.of(), traceIds(ok("/api/traces?service=backend&lookback=10m")));
    }

    @Test
    void theLoopbackDefaultRefusesForeignHostNamesAgainstDnsRebinding() throws Exception {
        assertEquals(403, RawResponse.get(server.extension.port(), "/api/services", "rebind.example").status());
        assertEquals(200, RawResponse.get(server.extension.port(), "/api/services", "localhost").status());
    }

    @Test
    void aLookbackInDaysWithoutStartOrEndSearchesAsJaegerUiAsks() throws Exception {
        assertEquals(List.of(T2, T1), traceIds(ok("/api/traces?service=backend&lookback=2d")));
        assertEquals(List.of(T2, T1), traceIds(ok("/api/traces?service=backend&lookback=whenever")));
    }

    @Test
    void aLimitOverTheCapIsA400NamingTheCapAndItsKey() throws Exception {
        assertError("/api/traces?service=backend&limit=2147483647&lookback=48h", 400,
                "'limit' 2147483647 is over the most traces one search may return, 1500 (the query extension's"
                        + " max_limit)");
        assertEquals(List.of(T2, T1), traceIds(ok("/api/traces?service=backend&limit=1500")));
    }

    @Test
    void aSearchResponseStopsTakingTracesAtMaxResponseSize(@TempDir Path dir) throws Exception {
        QueryConfig small = new QueryConfig(new Endpoint("127.0.0.1", 0), null, null, null, null, null, null, null, 100, 100L, null, null, null, null, null,
                null, null);
        try (QueryServerFixture tiny = new QueryServerFixture(dir, NOW, small, TestData.traces())) {
            JsonNode response = tiny.getOk("/api/traces?service=backend");
            assertEquals(List.of(T2), traceIds(response));
            assertEquals(JSON.readTree("[{\"msg\":\"response truncated to 1 of 2 traces: it reached 100 bytes (the"
                    + " query extension's max_response_size); narrow the search or lower the limit\"}]"),
                    response.path("errors"));
            assertEquals(400, tiny.get("/api/traces?service=backend&limit=101").status());
            assertEquals(400, tiny.get("/api/v3/traces?query.service_name=backend&query.search_depth=101"
                    + "&query.start_time_min=2026-01-01T00:00:00Z&query.start_time_max=2026-02-01T00:00:00Z")
                    .status());
        }
    }

    @Test
    void searchByTraceIdsReportsMissingOnesWith200() throws Exception {
        JsonNode response = ok("/api/traces?traceID=" + T1 + "&traceID=abc&traceID=" + T2);

        assertEquals(List.of(T1, T2), traceIds(response));
        assertEquals(JSON.readTree("[{\"msg\":\"trace not found\",\"traceID\":\"0000000000000abc\"}]"),
                response.path("errors"));
    }

    @Test
    void searchByHundredsOfTraceIdsFitsInTheUri() throws Exception {
        StringBuilder uri = new StringBuilder("/api/traces?traceID=" + T2);
        for (int i = 1; i <= 300; i++) {
            uri.append("&traceID=").append(String.format("%032x", 0xf000 + i));
        }

        JsonNode response = ok(uri.toString());

        assertEquals(List.of(T2), traceIds(response));
        assertEquals(300, response.path("errors").size());
    }

    @Test
    void searchErrorsAre400s() throws Exception {
        assertError("/api/traces", 400, "parameter 'service' is required");
        assertError("/api/traces?service=backend&minDuration=2s&maxDuration=1s", 400,
                "'maxDuration' should be greater than 'minDuration'");
        assertError("/api/traces?service=backend&start=soon", 400,
                "unable to parse param 'start': 'soon' is not an integer (Unix microseconds)");
        assertError("/api/traces?service=backend&tag=error", 400,
                "malformed 'tag' parameter, expecting key:value, received: error");
    }

    @Test
    void optInSearchWithoutServiceAndAcrossTheTrace() throws Exception {
        assertEquals(List.of(T1), traceIds(ok("/api/traces?allServices=true&tag=db.system:redis")));
        assertEquals(List.of(T2, T1), traceIds(ok("/api/traces?allServices=true")));

        String acrossSpans = "/api/traces?service=backend&tag=customer.id:456&tag=db.system:mysql";
        assertEquals(List.of(), traceIds(ok(acrossSpans)));
        assertEquals(List.of(T2), traceIds(ok(acrossSpans + "&match=trace")));

        String wholeTraceDuration = "/api/traces?service=frontend&operation=redis%20GET&minDuration=50ms";
        assertEquals(List.of(), traceIds(ok(wholeTraceDuration)));
        assertEquals(List.of(T1), traceIds(ok(wholeTraceDuration + "&match=trace")));
    }

    @Test
    void dependenciesSumCallsBetweenServices() throws Exception {
        long endTs = NOW.toEpochMilli();
        assertEquals(envelope("[{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":1}]", 0),
                ok("/api/dependencies?endTs=" + endTs + "&lookback=86400000"));
        assertEquals(envelope("[{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":1}]", 0),
                ok("/api/dependencies"));
        assertEquals(envelope("[]", 0), ok("/api/dependencies?endTs=" + endTs + "&lookback=60000"));
        assertEquals(envelope("[]", 0), ok("/api/dependencies?service=db"));
        assertError("/api/dependencies?endTs=later", 400,
                "unable to parse param 'endTs': 'later' is not an integer (Unix milliseconds)");
    }

    @Test
    void unknownApiPathsAre404s() throws Exception {
        assertError("/api/nothing", 404, "404 page not found: /api/nothing");
        assertError("/api/traces/1/extra", 404, "404 page not found: /api/traces/1/extra");
    }
}
