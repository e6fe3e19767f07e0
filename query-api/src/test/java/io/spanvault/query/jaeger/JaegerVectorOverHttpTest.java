package io.spanvault.query.jaeger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.query.QueryServerFixture;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jaeger's public OTLP → UI JSON vector, written through the store and read back over HTTP. */
class JaegerVectorOverHttpTest {
    private static final String TRACE_ID = "83a9efd15c1c98a977e0711cc93ee28b";

    @TempDir
    Path dataDir;

    @Test
    void traceServedFromTheStoreMatchesTheVector() throws Exception {
        ExportTraceServiceRequest request = OtlpJson.decode(OtlpToJaegerVectorTest.input(), ExportTraceServiceRequest.getDefaultInstance());
        try (QueryServerFixture server = new QueryServerFixture(dataDir, Instant.parse("2024-01-31T06:00:00Z"),
                QueryServerFixture.loopback(""), request)) {
            QueryServerFixture.Reply reply = server.get("/api/traces/" + TRACE_ID);

            assertEquals(200, reply.status());
            assertEquals(OtlpToJaegerVectorTest.expected(), reply.json());
        }
    }

    @Test
    void uploadedOtlpJsonIsTransformedAsJaegerDoes() throws Exception {
        try (QueryServerFixture server = new QueryServerFixture(dataDir, Instant.parse("2024-01-31T06:00:00Z"),
                QueryServerFixture.loopback(""))) {
            QueryServerFixture.Reply reply = server.post("/api/transform", OtlpToJaegerVectorTest.input());

            assertEquals(200, reply.status());
            assertEquals(OtlpToJaegerVectorTest.expected(), reply.json());
            assertEquals(java.util.List.of(), server.store.getServices(), "an upload is not stored");

            QueryServerFixture.Reply bad = server.post("/api/transform", "{\"resourceSpans\":7}");
            assertEquals(400, bad.status());
            assertEquals(400, bad.json().path("errors").get(0).path("code").asInt());
            assertEquals(405, server.get("/api/transform").status());
            assertEquals(501, server.get("/api/quality-metrics").status());
        }
    }
}
