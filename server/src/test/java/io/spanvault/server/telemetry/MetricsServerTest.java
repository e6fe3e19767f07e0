package io.spanvault.server.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.config.MetricsLevel;
import io.spanvault.config.MetricsTelemetry;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesTheTelemetryAndProcessMetricsAtSlashMetrics() throws Exception {
        Telemetry telemetry = new Telemetry();
        telemetry.counter("otelcol_exporter_sent_spans", "Spans sent", Labels.of("exporter", "store")).add(9);
        try (MetricsServer server = MetricsServer.start(new Endpoint("127.0.0.1", 0), telemetry)) {
            HttpResponse<String> response = get(server, "/metrics");

            assertEquals(200, response.statusCode());
            assertEquals(PrometheusExposition.CONTENT_TYPE, response.headers().firstValue("content-type").orElseThrow());
            String body = response.body();
            assertTrue(body.contains("otelcol_exporter_sent_spans_total{exporter=\"store\"} 9\n"), body);
            assertTrue(value(body, "otelcol_process_memory_rss") > 1024 * 1024, body);
            assertTrue(value(body, "otelcol_process_runtime_heap_alloc_bytes") > 0, body);
            assertTrue(value(body, "otelcol_process_cpu_seconds") > 0, body);
            assertTrue(value(body, "otelcol_process_uptime") > 0, body);
        }
    }

    @Test
    void answersOtherPathsWith404AndOtherMethodsWith405() throws Exception {
        try (MetricsServer server = MetricsServer.start(new Endpoint("127.0.0.1", 0), new Telemetry())) {
            assertEquals(404, get(server, "/other").statusCode());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri(server, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("allow").orElseThrow());
        }
    }

    @Test
    void aTakenPortIsReportedWithTheAddress() throws Exception {
        try (MetricsServer first = MetricsServer.start(new Endpoint("127.0.0.1", 0), new Telemetry())) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> MetricsServer.start(first.address(), new Telemetry()));
            assertTrue(e.getMessage().contains(first.address().toString()), e.getMessage());
        }
    }

    @Test
    void levelNoneServesNothing() throws Exception {
        assertTrue(MetricsServer.start(new MetricsTelemetry(new Endpoint("127.0.0.1", 0), MetricsLevel.NONE),
                new Telemetry(), null).isEmpty());
    }

    @Test
    void aTakenConfiguredAddressLeavesTheServiceRunningWithoutMetrics() throws Exception {
        try (MetricsServer first = MetricsServer.start(new Endpoint("127.0.0.1", 0), new Telemetry())) {
            assertTrue(MetricsServer.start(new MetricsTelemetry(first.address(), MetricsLevel.NORMAL), new Telemetry(),
                    null).isEmpty());
        }
    }

    private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(MetricsServer server, String path) {
        return URI.create("http://" + server.address() + path);
    }

    private static double value(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(exposition);
        assertTrue(m.find(), name + " missing in\n" + exposition);
        return Double.parseDouble(m.group(1));
    }
}
