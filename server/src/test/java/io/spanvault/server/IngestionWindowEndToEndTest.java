package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spray request of issue 11 against the real server (OTLP/HTTP → batch → store): 2,700 spans, each in its
 * own hour from 1,000 hours ago to 1,700 ahead, plus spans with no start time and one of 2^63. The receiver
 * answers 200 with a partial success counting and naming the rejected spans, stores the rest, counts the
 * rejected ones in a self-metric, and the store holds a few partitions rather than thousands.
 */
class IngestionWindowEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long HOUR = 3_600_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aSprayOfHoursIsAPartialSuccessAndCreatesNoPartitionOutsideTheWindow() throws Exception {
        int metricsPort = freePort();
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("window.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                processors:
                  batch:
                    timeout: 10ms
                exporters:
                  store:
                    data_dir: %s
                    retention: 6h
                    max_future_skew: 30m
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [store]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:%d
                """.formatted(data, metricsPort));
        try (ServerProcess server = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(),
                "run", "--config", config.toString())) {
            int httpPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/HTTP on [^ ]*:(\\d+)"), WAIT));
            server.await(Pattern.compile("Everything is ready"), WAIT);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(spray().toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertEquals(200, response.statusCode());
            ExportTracePartialSuccess partial = ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess();
            // inside (6h back, as the receiver's clock is past ours, to 30m ahead), at hour steps: 5h ago to now
            assertEquals(2_702 - 6, partial.getRejectedSpans(), partial.getErrorMessage());
            assertTrue(partial.getErrorMessage().contains("'spray-5000': start_time_unix_nano is 0 (not set)"),
                    partial.getErrorMessage());
            assertTrue(partial.getErrorMessage().contains("'spray-5001': start_time_unix_nano 9223372036854775808"),
                    partial.getErrorMessage());
            awaitMetric(http, metricsPort, Pattern.compile(
                    "(?m)^spanvault_receiver_outside_window_spans_total\\{[^}]*} (\\S+)$"), 2_696);
            awaitMetric(http, metricsPort, Pattern.compile(
                    "(?m)^otelcol_exporter_sent_spans_total\\{[^}]*exporter=\"store\"[^}]*} (\\S+)$"), 6);
            try (Stream<Path> partitions = Files.list(data)) {
                long count = partitions.filter(p -> p.getFileName().toString().contains(".g")).count();
                assertTrue(count <= 9, count + " partitions");
            }
        }
    }

    /** Waits until the metric matched by {@code line} reads {@code expected}. */
    private static void awaitMetric(HttpClient http, int port, Pattern line, double expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String exposition = "";
        while (System.nanoTime() < deadline) {
            exposition = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = line.matcher(exposition);
            if (m.find() && Double.parseDouble(m.group(1)) == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("metric " + line + " never read " + expected + ":\n" + exposition);
    }

    private static ExportTraceServiceRequest spray() {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        // first, so that the message (which lists three) names them
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().addSpans(span(5_000, 0)).addSpans(span(5_001, Long.MIN_VALUE));
        for (int h = 0; h < 2_700; h++) {
            scope.addSpans(span(h + 1, now + (h - 1_000L) * HOUR));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("spray"))))
                .addScopeSpans(scope)).build();
    }

    private static Span span(long id, long start) {
        return Span.newBuilder().setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(7).putLong(id).array()))
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array())).setName("spray-" + id)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1000).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
