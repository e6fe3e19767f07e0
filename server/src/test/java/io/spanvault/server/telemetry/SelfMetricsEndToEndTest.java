package io.spanvault.server.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.spanvault.server.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server in a child JVM (receiver → batch → debug and store), fed by the OpenTelemetry SDK over both
 * OTLP transports: its /metrics counts exactly the spans sent, labelled as the collector labels them, from
 * receiver to store; its health endpoint is gone once it stopped.
 */
class SelfMetricsEndToEndTest {
    // Generous: the store's first write compiles Chronicle Map code, slow on a busy CI machine.
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void metricsCountTheSpansSentOverEachTransport() throws Exception {
        int grpc = freePort();
        int http = freePort();
        int metrics = freePort();
        int health = freePort();
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 10ms
                exporters:
                  debug:
                    verbosity: basic
                  store:
                    data_dir: %s
                extensions:
                  health_check:
                    endpoint: 127.0.0.1:%d
                service:
                  extensions: [health_check]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:%d
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [debug, store]
                """.formatted(grpc, http, dir.resolve("data"), health, metrics));
        Path log = dir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        command.addAll(chronicleFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", config.toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI healthUri = URI.create("http://127.0.0.1:" + health + "/");
            awaitStatus(healthUri, code -> code == 200, log);

            send(OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + grpc).setTimeout(WAIT).build(), 7);
            send(OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + http + "/v1/traces")
                    .setTimeout(WAIT).build(), 5);

            URI metricsUri = URI.create("http://127.0.0.1:" + metrics + "/metrics");
            String text = awaitMetrics(metricsUri, t -> value(t,
                    "otelcol_exporter_sent_spans_total{exporter=\"store\"}") == 12, log);
            assertEquals(7, value(text, "otelcol_receiver_accepted_spans_total{receiver=\"otlp\",transport=\"grpc\"}"));
            assertEquals(5, value(text, "otelcol_receiver_accepted_spans_total{receiver=\"otlp\",transport=\"http\"}"));
            assertEquals(0, value(text, "otelcol_receiver_refused_spans_total{receiver=\"otlp\",transport=\"grpc\"}"));
            assertEquals(12, value(text, "otelcol_processor_batch_batch_send_size_sum{processor=\"batch\"}"));
            assertTrue(text.contains("# TYPE otelcol_processor_batch_batch_send_size histogram\n"), text);
            assertEquals(12, value(text, "spanvault_store_spans{backend=\"store\"}"));
            assertEquals(12, value(text, "spanvault_store_traces{backend=\"store\"}"), "every root span is a trace");
            assertTrue(value(text, "spanvault_store_disk_bytes{backend=\"store\"}") > 0, text);
            assertTrue(value(text, "otelcol_process_memory_rss") > 0, text);
            assertTrue(value(text, "otelcol_process_uptime") > 0, text);

            server.toHandle().destroy();
            assertTrue(server.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), Files.readString(log));
            assertTrue(isRefused(healthUri), "the health endpoint is gone once the server stopped");
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * Sends {@code spans} spans through the SDK and waits until the receiver acknowledged them; the SDK's
     * timeouts are long enough for the store's slow first write, so it never sends the spans twice.
     */
    private static void send(SpanExporter exporter, int spans) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setExporterTimeout(WAIT).build()).build();
        try {
            Tracer tracer = provider.get("self-metrics-test");
            for (int i = 0; i < spans; i++) {
                tracer.spanBuilder("op-" + i).startSpan().end();
            }
            assertTrue(provider.forceFlush().join(WAIT.toSeconds(), TimeUnit.SECONDS).isSuccess(), "the receiver acknowledged");
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private void awaitStatus(URI uri, Predicate<Integer> wanted, Path log) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (wanted.test(get(uri).statusCode())) {
                    return;
                }
            } catch (IOException notYetListening) {
                // The server is still starting.
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no wanted status from " + uri + "; server output:\n" + Files.readString(log));
    }

    private String awaitMetrics(URI uri, Predicate<String> wanted, Path log) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = get(uri).body();
            if (wanted.test(text)) {
                return text;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("metrics never matched:\n" + text + "\nserver output:\n" + Files.readString(log));
    }

    private boolean isRefused(URI uri) throws InterruptedException {
        try {
            get(uri);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample written exactly as {@code series} (name and labels), or -1 if absent. */
    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /**
     * The store needs the JDK internals the server jar's manifest opens; from a class path, pass on the flags
     * this test JVM got (Surefire's argLine).
     */
    private static List<String> chronicleFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc-unsafe") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Dchronicle."))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
