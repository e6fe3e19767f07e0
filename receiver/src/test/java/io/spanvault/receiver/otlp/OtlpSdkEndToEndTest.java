package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real OpenTelemetry Java SDK exporters send all three signals; everything arrives, complete. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpSdkEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private RunningReceiver running;

    @BeforeAll
    void start() throws Exception {
        running = RunningReceiver.start();
    }

    @AfterAll
    void stop() {
        running.close();
    }

    @ParameterizedTest(name = "{0} compression={1}")
    @CsvSource({"grpc,none", "grpc,gzip", "http,none", "http,gzip"})
    void spansMetricsAndLogsArriveComplete(String transport, String compression) throws Exception {
        running.traces.clear();
        running.metrics.clear();
        running.logs.clear();
        String service = "checkout-" + transport + "-" + compression;
        Resource resource = Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), service)));

        List<String> traceIds = new ArrayList<>();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(spanExporter(transport, compression))).build()) {
            var tracer = tracing.get("e2e");
            Span parent = tracer.spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER).startSpan();
            try (var scope = parent.makeCurrent()) {
                for (int i = 0; i < 2; i++) {
                    tracer.spanBuilder("db-query-" + i).setAttribute("db.rows", 10L + i).startSpan().end();
                }
            }
            parent.end();
            traceIds.add(parent.getSpanContext().getTraceId());
            assertTrue(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "span export failed");
        }
        try (SdkMeterProvider metering = SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.create(metricExporter(transport, compression))).build()) {
            metering.get("e2e").counterBuilder("orders").build().add(7, Attributes.of(
                    AttributeKey.stringKey("region"), "eu"));
            assertTrue(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "metric export failed");
        }
        try (SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter(transport, compression))).build()) {
            logging.get("e2e").logRecordBuilder().setBody("order placed").setAttribute(
                    AttributeKey.longKey("order.id"), 42L).emit();
            assertTrue(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "log export failed");
        }

        running.traces.awaitItems(3, WAIT);
        running.metrics.awaitItems(1, WAIT);
        running.logs.awaitItems(1, WAIT);

        List<String> names = new ArrayList<>();
        for (var request : running.traces.received()) {
            for (ResourceSpans rs : request.getResourceSpansList()) {
                assertEquals(service, attribute(rs.getResource().getAttributesList(), "service.name"));
                rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(span -> {
                    names.add(span.getName());
                    assertEquals(traceIds.get(0), HexFormat.of().formatHex(span.getTraceId().toByteArray()));
                    if (span.getName().startsWith("db-query")) {
                        assertEquals(8, span.getParentSpanId().size());
                        assertEquals(10L + Integer.parseInt(span.getName().substring(9)),
                                span.getAttributes(0).getValue().getIntValue());
                    }
                }));
            }
        }
        names.sort(null);
        assertEquals(List.of("GET /cart", "db-query-0", "db-query-1"), names);
        assertEquals(3, running.traces.itemCount());

        Metric orders = running.metrics.received().get(0).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertEquals("orders", orders.getName());
        assertEquals(7, orders.getSum().getDataPoints(0).getAsInt());
        assertEquals("eu", orders.getSum().getDataPoints(0).getAttributes(0).getValue().getStringValue());

        LogRecord log = running.logs.received().get(0).getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertEquals("order placed", log.getBody().getStringValue());
        assertEquals(42L, log.getAttributes(0).getValue().getIntValue());

        assertTrue(running.counter("otelcol_receiver_accepted_spans", transport) >= 3);
        assertTrue(running.counter("otelcol_receiver_accepted_metric_points", transport) >= 1);
        assertTrue(running.counter("otelcol_receiver_accepted_log_records", transport) >= 1);
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> kv.getValue().getStringValue()).orElse(null);
    }

    private String grpcEndpoint() {
        return "http://127.0.0.1:" + running.receiver.grpcPort();
    }

    private String httpEndpoint(String signal) {
        return "http://127.0.0.1:" + running.receiver.httpPort() + "/v1/" + signal;
    }

    private SpanExporter spanExporter(String transport, String compression) {
        return transport.equals("grpc")
                ? OtlpGrpcSpanExporter.builder().setEndpoint(grpcEndpoint()).setCompression(compression).build()
                : OtlpHttpSpanExporter.builder().setEndpoint(httpEndpoint("traces")).setCompression(compression)
                        .build();
    }

    private MetricExporter metricExporter(String transport, String compression) {
        return transport.equals("grpc")
                ? OtlpGrpcMetricExporter.builder().setEndpoint(grpcEndpoint()).setCompression(compression).build()
                : OtlpHttpMetricExporter.builder().setEndpoint(httpEndpoint("metrics")).setCompression(compression)
                        .build();
    }

    private LogRecordExporter logExporter(String transport, String compression) {
        return transport.equals("grpc")
                ? OtlpGrpcLogRecordExporter.builder().setEndpoint(grpcEndpoint()).setCompression(compression).build()
                : OtlpHttpLogRecordExporter.builder().setEndpoint(httpEndpoint("logs")).setCompression(compression)
                        .build();
    }
}
