package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does first: the OpenTelemetry Java agent (with its defaults: OTLP/HTTP, traces, metrics
 * and logs) on a small app, pointed at the all-in-one preset. Every export must be accepted (the agent logs
 * nothing refused), the app's and the JVM's metrics and the spans' RED metrics must be on the scrape
 * endpoint, and the logs in the file under the data directory.
 */
class JavaAgentEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path AGENT = Path.of("target", "javaagent", "opentelemetry-javaagent.jar");

    @TempDir
    Path dir;

    @Test
    void theAllInOneAcceptsTracesMetricsAndLogsFromTheJavaAgent() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(AGENT), "no " + AGENT + " (copied by the build's process-test-classes phase)");
        Path overrides = Files.writeString(dir.resolve("ports.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:0
                      http:
                        endpoint: 127.0.0.1:0
                  zipkin:
                    endpoint: 127.0.0.1:0
                processors:
                  batch:
                    timeout: 100ms
                connectors:
                  spanmetrics:
                    metrics_flush_interval: 500ms
                exporters:
                  prometheus:
                    endpoint: 127.0.0.1:0
                extensions:
                  health_check:
                    endpoint: 127.0.0.1:0
                  query:
                    endpoint: 127.0.0.1:0
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                """);
        Path data = dir.resolve("data");
        try (ServerProcess server = ServerProcess.start(ServerProcess.storeJvmOptions(),
                Map.of("SPANVAULT_DATA_DIR", data.toString()), "run", "--preset", "all-in-one", "--config", overrides.toString())) {
            int http = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/HTTP on [^ ]*:(\\d+)"), WAIT));
            String scrapeUrl = "http://" + server.await(Pattern.compile("Prometheus scrape endpoint at http://([^/]+)/metrics"), WAIT)
                    + "/metrics";
            String selfUrl = "http://" + server.await(Pattern.compile("Self-metrics at http://([^/]+)/metrics"), WAIT) + "/metrics";
            server.await(Pattern.compile("Everything is ready"), WAIT);

            String appOutput = runApp(http);
            // A refusal is the server's answer ("Server responded with HTTP status code 404"); an export cut
            // short by the app's own exit ("Canceled") is not.
            assertFalse(appOutput.contains("Server responded with"), appOutput);
            assertFalse(appOutput.contains("partial success"), appOutput);

            Scrape scrape = awaitScrape(scrapeUrl);
            assertTrue(scrape.find("demo_orders_total", s -> s.has("job", "agent-demo")).orElseThrow().value() > 0,
                    scrape.body());
            assertTrue(scrape.find("jvm_memory_used_bytes", s -> s.has("job", "agent-demo")).isPresent(), scrape.body());
            assertTrue(scrape.get("traces_span_metrics_calls_total", s -> s.has("service_name", "agent-demo")
                    && s.has("span_name", "checkout")).value() > 0, scrape.body());
            Promtool.assertParses(scrape.body());

            Scrape self = Scrape.of(selfUrl, null);
            for (String item : List.of("spans", "metric_points", "log_records")) {
                assertTrue(self.samples().stream().filter(s -> s.name().equals("otelcol_receiver_accepted_" + item + "_total"))
                        .mapToDouble(Scrape.Sample::value).sum() > 0, item + ":\n" + self.body());
                assertEquals(0, self.samples().stream().filter(s -> s.name().equals("otelcol_receiver_refused_" + item + "_total"))
                        .mapToDouble(Scrape.Sample::value).sum(), item + ":\n" + self.body());
            }
            Path logs = data.resolve("logs").resolve("logs.json");
            awaitFileContains(logs, "order placed");
        }
    }

    /** Runs the app with the agent, exporting to {@code httpPort} quickly, and returns what it printed. */
    private static String runApp(int httpPort) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + AGENT.toAbsolutePath(),
                "-Dotel.service.name=agent-demo",
                "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + httpPort,
                "-Dotel.metric.export.interval=500",
                "-Dotel.bsp.schedule.delay=200",
                "-Dotel.blrp.schedule.delay=200",
                "-cp", System.getProperty("java.class.path"), AgentDemoApp.class.getName(), "6000");
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = app.getInputStream().readAllBytes();
        assertTrue(app.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the app did not exit");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, app.exitValue(), text);
        return text;
    }

    private static Scrape awaitScrape(String url) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Scrape scrape = Scrape.of(url, null);
            if (scrape.find("traces_span_metrics_calls_total", s -> s.has("service_name", "agent-demo")).isPresent()
                    && scrape.find("demo_orders_total", s -> true).isPresent()) {
                return scrape;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent's metrics did not appear:\n" + scrape.body());
            }
            Thread.sleep(200);
        }
    }

    private static void awaitFileContains(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(Files.isRegularFile(file) && Files.readString(file).contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " does not contain '" + text + "'"
                        + (Files.isRegularFile(file) ? ":\n" + Files.readString(file) : " (no such file)"));
            }
            Thread.sleep(200);
        }
    }
}
