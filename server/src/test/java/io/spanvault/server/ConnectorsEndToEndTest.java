package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spans from the OpenTelemetry SDK through the real OTLP receiver into the spanmetrics and servicegraph
 * connectors, their metrics through a metrics pipeline into the prometheus exporter, scraped over HTTP in
 * both formats and read by Prometheus' own parser. The server is the real one, in a child JVM.
 */
class ConnectorsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final List<SdkTracerProvider> providers = new ArrayList<>();

    @Test
    void spansBecomeRedAndServiceGraphMetricsOnTheScrapeEndpoint() throws Exception {
        Path config = Files.writeString(dir.resolve("connectors.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:0
                connectors:
                  spanmetrics:
                    metrics_flush_interval: 200ms
                    dimensions:
                      - name: http.method
                        default: NONE
                    exemplars:
                      enabled: true
                  spanmetrics/exp:
                    namespace: exp
                    metrics_flush_interval: 200ms
                    histogram:
                      exponential:
                        max_size: 40
                  spanmetrics/limited:
                    namespace: limited
                    metrics_flush_interval: 200ms
                    aggregation_cardinality_limit: 3
                  servicegraph:
                    metrics_flush_interval: 200ms
                    store_expiration_loop: 100ms
                    store:
                      ttl: 1s
                      max_items: 100
                exporters:
                  prometheus:
                    endpoint: 127.0.0.1:0
                    const_labels:
                      deployment: e2e
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [spanmetrics, spanmetrics/exp, spanmetrics/limited, servicegraph]
                    metrics:
                      receivers: [spanmetrics, spanmetrics/exp, spanmetrics/limited, servicegraph]
                      exporters: [prometheus]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                """);
        try (ServerProcess server = ServerProcess.start("run", "--config", config.toString())) {
            int grpc = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/gRPC on [^ ]*:(\\d+)"), WAIT));
            String scrapeUrl = "http://" + server.await(Pattern.compile("Prometheus scrape endpoint at http://([^/]+)/metrics"), WAIT)
                    + "/metrics";
            String selfMetricsUrl = "http://" + server.await(Pattern.compile("Self-metrics at http://([^/]+)/metrics"), WAIT)
                    + "/metrics";
            server.await(Pattern.compile("Everything is ready"), WAIT);

            Tracer frontend = tracer("frontend", grpc);
            Tracer backend = tracer("backend", grpc);
            Tracer noisy = tracer("noisy", grpc);
            long t0 = System.currentTimeMillis() * MS;
            Span root = frontend.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).setAttribute("http.method", "GET")
                    .setStartTimestamp(t0, TimeUnit.NANOSECONDS).startSpan();
            Span call = frontend.spanBuilder("call backend").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(root)).setStartTimestamp(t0 + MS, TimeUnit.NANOSECONDS).startSpan();
            Span handle = backend.spanBuilder("handle").setSpanKind(SpanKind.SERVER)
                    .setParent(Context.root().with(call)).setStartTimestamp(t0 + 2 * MS, TimeUnit.NANOSECONDS).startSpan();
            handle.setStatus(StatusCode.ERROR);
            handle.end(t0 + 5 * MS, TimeUnit.NANOSECONDS);
            call.end(t0 + 31 * MS, TimeUnit.NANOSECONDS);
            Span payments = frontend.spanBuilder("call payments").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(root)).setAttribute("peer.service", "payments")
                    .setStartTimestamp(t0 + 40 * MS, TimeUnit.NANOSECONDS).startSpan();
            payments.end(t0 + 60 * MS, TimeUnit.NANOSECONDS);
            Span nowhere = frontend.spanBuilder("call nowhere").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(root)).setStartTimestamp(t0 + 70 * MS, TimeUnit.NANOSECONDS).startSpan();
            nowhere.end(t0 + 80 * MS, TimeUnit.NANOSECONDS);
            root.end(t0 + 300 * MS, TimeUnit.NANOSECONDS);
            for (int i = 0; i < 6; i++) {
                noisy.spanBuilder("order " + i).setSpanKind(SpanKind.INTERNAL).startSpan().end();
            }
            flushAll(server);
            String rootTraceId = root.getSpanContext().getTraceId();

            Scrape text = awaitScrape(scrapeUrl, "traces_service_graph_request_total", s -> s.has("server", "payments"));
            assertTrue(text.contentType().startsWith("text/plain; version=0.0.4"), text.contentType());

            // spanmetrics: calls per series, with the default dimensions, the extra one and the exporter's labels
            Scrape.Sample calls = text.get("traces_span_metrics_calls_total", s -> s.has("span_name", "GET /orders"));
            assertEquals(1, calls.value());
            assertEquals("frontend", calls.labels().get("service_name"));
            assertEquals("SPAN_KIND_SERVER", calls.labels().get("span_kind"));
            assertEquals("STATUS_CODE_UNSET", calls.labels().get("status_code"));
            assertEquals("GET", calls.labels().get("http_method"));
            assertEquals("frontend", calls.labels().get("job"));
            assertEquals("spanmetricsconnector", calls.labels().get("otel_scope_name"));
            assertEquals("e2e", calls.labels().get("deployment"));
            assertEquals("NONE", text.get("traces_span_metrics_calls_total", s -> s.has("span_name", "handle"))
                    .labels().get("http_method"));
            assertEquals("STATUS_CODE_ERROR", text.get("traces_span_metrics_calls_total",
                    s -> s.has("span_name", "handle")).labels().get("status_code"));

            // the default buckets in milliseconds: 300ms lies in (200, 400]
            String duration = "traces_span_metrics_duration_milliseconds";
            assertEquals(0, text.get(duration + "_bucket", s -> s.has("span_name", "GET /orders") && s.has("le", "200")).value());
            assertEquals(1, text.get(duration + "_bucket", s -> s.has("span_name", "GET /orders") && s.has("le", "400")).value());
            assertEquals(1, text.get(duration + "_bucket", s -> s.has("span_name", "GET /orders") && s.has("le", "+Inf")).value());
            assertEquals(300, text.get(duration + "_sum", s -> s.has("span_name", "GET /orders")).value(), 1e-9);
            assertEquals(1, text.get(duration + "_bucket", s -> s.has("span_name", "handle") && s.has("le", "4")).value());
            assertEquals(17, text.samples().stream().filter(s -> s.name().equals(duration + "_bucket")
                    && s.has("span_name", "handle")).count(), "16 default buckets and +Inf");

            // an exponential histogram shows as its count and sum only, as the Collector's exporter writes it
            assertEquals(1, text.get("exp_duration_milliseconds_count", s -> s.has("span_name", "GET /orders")).value());
            assertEquals(1, text.get("exp_duration_milliseconds_bucket", s -> s.has("span_name", "GET /orders")
                    && s.has("le", "+Inf")).value());

            // the cardinality limit: three series, every further span in the overflow series
            List<Scrape.Sample> limited = text.samples().stream().filter(s -> s.name().equals("limited_calls_total")).toList();
            // (per resource that has series, and one shared by resources that came after the limit)
            assertEquals(3, limited.stream().filter(s -> !s.has("otel_metric_overflow", "true")).count(), text.body());
            assertEquals(11, limited.stream().mapToDouble(Scrape.Sample::value).sum());
            assertEquals(8, limited.stream().filter(s -> s.has("otel_metric_overflow", "true"))
                    .mapToDouble(Scrape.Sample::value).sum());

            // servicegraph: the paired call, its failure (the server span's error) and both durations
            Scrape.Sample edge = text.get("traces_service_graph_request_total",
                    s -> s.has("client", "frontend") && s.has("server", "backend"));
            assertEquals(1, edge.value());
            assertEquals(1, text.get("traces_service_graph_request_failed_total",
                    s -> s.has("client", "frontend") && s.has("server", "backend")).value());
            assertEquals(1, text.get("traces_service_graph_request_server_seconds_bucket",
                    s -> s.has("server", "backend") && s.has("le", "0.004")).value());
            assertEquals(0, text.get("traces_service_graph_request_server_seconds_bucket",
                    s -> s.has("server", "backend") && s.has("le", "0.002")).value());
            assertEquals(1, text.get("traces_service_graph_request_client_seconds_bucket",
                    s -> s.has("server", "backend") && s.has("le", "0.05")).value());
            assertEquals(0, text.get("traces_service_graph_request_client_seconds_bucket",
                    s -> s.has("server", "backend") && s.has("le", "0.01")).value());
            // the client span naming its peer completed its edge when its ttl passed; the other only expired
            assertEquals(1, text.get("traces_service_graph_request_total",
                    s -> s.has("client", "frontend") && s.has("server", "payments")).value());
            Scrape self = Scrape.of(selfMetricsUrl, null);
            assertEquals(2, self.get("otelcol_connector_servicegraph_expired_edges_total", s -> true).value(), self.body());
            assertEquals(2, self.get("otelcol_connector_servicegraph_total_edges_total", s -> true).value(), self.body());

            // resource attributes that are not job/instance go to target_info
            assertEquals(1, text.get("target_info", s -> s.has("job", "frontend")).value());
            assertEquals("java", text.get("target_info", s -> s.has("job", "frontend")).labels().get("telemetry_sdk_language"));

            Promtool.assertParses(text.body());

            // OpenMetrics, when asked: counters named without _total in TYPE, exemplars with the span's trace id
            Scrape open = Scrape.of(scrapeUrl, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertTrue(open.contentType().startsWith("application/openmetrics-text; version=1.0.0"), open.contentType());
            assertTrue(open.body().endsWith("# EOF\n"), open.body());
            assertTrue(open.body().contains("# TYPE traces_span_metrics_calls counter\n"), open.body());
            Scrape.Sample bucket = open.get(duration + "_bucket", s -> s.has("span_name", "GET /orders") && s.has("le", "400"));
            assertTrue(bucket.rest().startsWith("# {trace_id=\"" + rootTraceId + "\",span_id=\""
                    + root.getSpanContext().getSpanId() + "\"} 300 "), bucket.rest());
        } finally {
            providers.forEach(SdkTracerProvider::shutdown);
        }
    }

    private Tracer tracer(String service, int grpcPort) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service,
                        AttributeKey.stringKey("telemetry.sdk.language"), "java")))
                .addSpanProcessor(BatchSpanProcessor.builder(
                        OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + grpcPort).build()).build())
                .build();
        providers.add(provider);
        return provider.get("connectors-e2e");
    }

    private void flushAll(ServerProcess server) {
        for (SdkTracerProvider provider : providers) {
            assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(),
                    () -> "the server refused spans:\n" + server.output());
        }
    }

    private static Scrape awaitScrape(String url, String name, java.util.function.Predicate<Scrape.Sample> wanted)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Scrape scrape = Scrape.of(url, null);
            if (scrape.find(name, wanted).isPresent()) {
                return scrape;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + name + " as wanted after " + WAIT + ":\n" + scrape.body());
            }
            Thread.sleep(100);
        }
    }
}
