package io.spanvault.query.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.query.QueryServerFixture;
import io.spanvault.query.extension.MetricsConfig;
import io.spanvault.query.extension.QueryConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service-health API over HTTP, on spans written through the Chronicle store, with Jaeger UI's Monitor
 * parameters ({@code spanKind=server}, {@code step=60000}, {@code ratePer=600000}).
 */
class MetricsApiTest {
    /** Five minutes into an hour, so the spans below fall in two hours. */
    private static final Instant NOW = Instant.parse("2026-01-10T13:05:00Z");
    private static final Instant HOUR_13 = Instant.parse("2026-01-10T13:00:01Z");
    private static final Instant AT_12_58 = Instant.parse("2026-01-10T12:58:00Z");
    private static final String MONITOR = "&endTs=" + NOW.toEpochMilli() + "&lookback=600000&step=60000"
            + "&ratePer=600000&spanKind=server";

    @TempDir
    Path dataDir;

    /**
     * shop: 60 "GET /cart" server spans (54 of 10 ms, 6 failed of 100 ms) and 30 "POST /pay" of 20 ms from
     * 13:00:01, 20 client spans at 13:00:30, and 10 "GET /cart" of 10 ms at 12:58; ledger: 5 server spans.
     */
    private static ExportTraceServiceRequest spans() {
        List<Span> shop = new ArrayList<>();
        List<Span> ledger = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < 60; i++) {
            boolean failed = i < 6;
            shop.add(span(id++, "GET /cart", Span.SpanKind.SPAN_KIND_SERVER, HOUR_13.plusMillis(10L * i),
                    failed ? 100 : 10, failed));
        }
        for (int i = 0; i < 30; i++) {
            shop.add(span(id++, "POST /pay", Span.SpanKind.SPAN_KIND_SERVER, HOUR_13.plusMillis(10L * i), 20, false));
        }
        for (int i = 0; i < 20; i++) {
            shop.add(span(id++, "GET ledger", Span.SpanKind.SPAN_KIND_CLIENT, HOUR_13.plusSeconds(29), 5, false));
        }
        for (int i = 0; i < 10; i++) {
            shop.add(span(id++, "GET /cart", Span.SpanKind.SPAN_KIND_SERVER, AT_12_58, 10, false));
        }
        for (int i = 0; i < 5; i++) {
            ledger.add(span(id++, "post", Span.SpanKind.SPAN_KIND_SERVER, HOUR_13.plusSeconds(30), 1, false));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans("shop", shop))
                .addResourceSpans(resourceSpans("ledger", ledger)).build();
    }

    private static ResourceSpans resourceSpans(String service, List<Span> spans) {
        return ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)).build();
    }

    private static Span span(long id, String name, Span.SpanKind kind, Instant start, long millis, boolean failed) {
        long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(7).putLong(id).array()))
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array())).setName(name)
                .setKind(kind).setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + millis * 1_000_000L);
        if (failed) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        return span.build();
    }

    private int stores;

    private QueryServerFixture server(MetricsConfig metrics) throws Exception {
        return new QueryServerFixture(dataDir.resolve("store-" + ++stores), NOW, new QueryConfig(new Endpoint("127.0.0.1", 0), null, null, null,
                null, null, null, null, null, null, metrics, null, null, null, null, null, null),
                spans());
    }

    /** The values of one series, "NaN" as NaN. */
    private static List<Double> values(JsonNode metric) {
        List<Double> values = new ArrayList<>();
        metric.path("metricPoints").forEach(p -> values.add(p.path("gaugeValue").path("doubleValue").isTextual()
                ? Double.NaN : p.path("gaugeValue").path("doubleValue").asDouble()));
        return values;
    }

    private static List<Double> repeat(int n, double v) {
        return new ArrayList<>(java.util.Collections.nCopies(n, v));
    }

    private static List<Double> concat(List<Double> a, List<Double> b) {
        List<Double> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void callRatesPerServiceAsJaegerUiMonitorAsksForThem() throws Exception {
        try (QueryServerFixture server = server(null)) {
            JsonNode family = server.getOk("/api/metrics/calls?service=shop" + MONITOR);

            assertEquals("service_call_rate", family.path("name").asText());
            assertEquals("GAUGE", family.path("type").asText());
            assertEquals("calls/sec, grouped by service", family.path("help").asText());
            assertEquals(1, family.path("metrics").size());
            JsonNode shop = family.path("metrics").get(0);
            assertEquals(QueryServerFixture.JSON.readTree("[{\"name\":\"service_name\",\"value\":\"shop\"}]"),
                    shop.path("labels"));
            // points 12:55 … 13:05, each over the 10 minutes before it: the 10 spans at 12:58 from 12:58 on, the
            // 90 of 13:00:01 from 13:01 on.
            assertEquals(concat(repeat(3, 0.0), concat(repeat(3, 10 / 600.0), repeat(5, 100 / 600.0))),
                    values(shop));
            JsonNode points = shop.path("metricPoints");
            assertEquals("2026-01-10T12:55:00Z", points.get(0).path("timestamp").asText());
            assertEquals("2026-01-10T13:05:00Z", points.get(10).path("timestamp").asText());
        }
    }

    @Test
    void errorRatesAndLatenciesPerOperation() throws Exception {
        try (QueryServerFixture server = server(null)) {
            JsonNode errors = server.getOk("/api/metrics/errors?service=shop&groupByOperation=true" + MONITOR);
            assertEquals("service_operation_error_rate", errors.path("name").asText());
            assertEquals(2, errors.path("metrics").size());
            JsonNode cart = errors.path("metrics").get(0);
            assertEquals(QueryServerFixture.JSON.readTree("[{\"name\":\"service_name\",\"value\":\"shop\"},"
                    + "{\"name\":\"operation\",\"value\":\"GET /cart\"}]"), cart.path("labels"));
            assertEquals(concat(repeat(3, Double.NaN), concat(repeat(3, 0.0), repeat(5, 6 / 70.0))), values(cart));

            JsonNode p95 = server.getOk("/api/metrics/latencies?service=shop&quantile=0.95" + MONITOR);
            assertEquals("service_latencies", p95.path("name").asText());
            assertEquals("0.95th quantile latency, grouped by service", p95.path("help").asText());
            List<Double> latencies = values(p95.path("metrics").get(0));
            assertTrue(Double.isNaN(latencies.get(0)));
            assertEquals(10, latencies.get(3), 0.1);
            // 100 spans from 12:55 on: 64 of 10 ms, 30 of 20 ms, 6 of 100 ms
            assertEquals(100, latencies.get(10), 1);
            JsonNode p50 = server.getOk("/api/metrics/latencies?service=shop&quantile=0.5" + MONITOR);
            assertEquals(10, values(p50.path("metrics").get(0)).get(10), 0.1);
        }
    }

    @Test
    void spanKindAndServicesSelectTheSpans() throws Exception {
        try (QueryServerFixture server = server(null)) {
            JsonNode clients = server.getOk("/api/metrics/calls?service=shop&endTs=" + NOW.toEpochMilli()
                    + "&lookback=60000&step=60000&ratePer=600000&spanKind=client");
            assertEquals(List.of(20 / 600.0, 20 / 600.0), values(clients.path("metrics").get(0)));
            JsonNode both = server.getOk("/api/metrics/calls?service=shop&service=ledger&service=nobody&endTs="
                    + NOW.toEpochMilli() + "&lookback=60000&step=60000&ratePer=600000");
            assertEquals(2, both.path("metrics").size(), "a service without spans has no series");
            assertEquals("ledger", both.path("metrics").get(1).path("labels").get(0).path("value").asText());
            assertEquals(List.of(5 / 600.0, 5 / 600.0), values(both.path("metrics").get(1)));
        }
    }

    @Test
    void maxSpansAnswersOnlyThePointsOfTheHoursReadWhole() throws Exception {
        // Hour 13 holds 115 spans of shop and ledger; shop alone is scanned, so 110 are read before 12:58's.
        try (QueryServerFixture server = server(new MetricsConfig(null, 110L))) {
            JsonNode family = server.getOk("/api/metrics/calls?service=shop&endTs=" + NOW.toEpochMilli()
                    + "&lookback=600000&step=60000&ratePer=60000&spanKind=server");
            JsonNode points = family.path("metrics").get(0).path("metricPoints");
            assertEquals(5, points.size());
            assertEquals("2026-01-10T13:01:00Z", points.get(0).path("timestamp").asText());
            assertEquals(List.of(90 / 60.0, 0.0, 0.0, 0.0, 0.0), values(family.path("metrics").get(0)));
        }
        try (QueryServerFixture server = server(new MetricsConfig(null, 121L))) {
            JsonNode family = server.getOk("/api/metrics/calls?service=shop&endTs=" + NOW.toEpochMilli()
                    + "&lookback=600000&step=60000&ratePer=60000&spanKind=server");
            assertEquals(11, family.path("metrics").get(0).path("metricPoints").size());
        }
    }

    @Test
    void badParametersAre400sInJaegersErrorShape() throws Exception {
        try (QueryServerFixture server = server(new MetricsConfig(Duration.ofHours(4), null))) {
            assertBad(server, "/api/metrics/calls", "unable to parse param 'service': please provide at least one"
                    + " service name");
            assertBad(server, "/api/metrics/latencies?service=shop", "unable to parse param 'quantile': '' is not a"
                    + " number");
            assertBad(server, "/api/metrics/calls?service=shop&spanKind=sideways",
                    "unable to parse param 'spanKind': unsupported span kind: 'sideways'");
            assertBad(server, "/api/metrics/calls?service=shop&step=abc",
                    "unable to parse param 'step': 'abc' is not an integer (milliseconds)");
            assertBad(server, "/api/metrics/calls?service=shop&step=10",
                    "unable to parse param 'step': must be at least 1000 ms (/api/metrics/minstep), got 10");
            assertBad(server, "/api/metrics/calls?service=shop&lookback=172800000", "'lookback', 'step' and 'ratePer' may be"
                    + " at most 14400000 ms (the query extension's metrics.max_lookback)");
            assertBad(server, "/api/metrics/calls?service=shop&lookback=14400000&step=1000",
                    "'lookback' / 'step' gives more than 11000 points; raise 'step'");
            assertEquals(1000, server.getOk("/api/metrics/minstep").path("data").asInt());
        }
    }

    private static void assertBad(QueryServerFixture server, String path, String message) throws Exception {
        QueryServerFixture.Reply reply = server.get(path);
        assertEquals(400, reply.status(), path);
        assertEquals(message, reply.json().path("errors").get(0).path("msg").asText(), path);
    }
}
