package io.spanvault.bench.runner;

import io.spanvault.bench.loadgen.LoadGenerator;
import io.spanvault.bench.loadgen.LoadOptions;
import io.spanvault.bench.loadgen.LoadResult;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.GoDuration;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The overload scenario: the server at {@code -Xmx256m} (receiver, batch, debug exporter) under far more than
 * it can hold, 64 concurrent 8 MB OTLP/HTTP requests and 64 concurrent 3.2 MB OTLP/gRPC calls, both as fast
 * as answered, for the duration. Prints what was answered (accepted or refused, by status) and left hanging,
 * the OutOfMemoryErrors in the server's log (must be 0), and the server's peak heap and RSS.
 *
 * <pre>java -cp spanvault-loadgen.jar io.spanvault.bench.runner.OverloadRun --server-jar server/target/spanvault.jar
 *     [--duration 60s] [--concurrency 64] [--work-dir DIR]</pre>
 */
public final class OverloadRun {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m",
            "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true");
    private static final int HTTP_REQUEST_BYTES = 8_000_000;
    private static final int GRPC_REQUEST_BYTES = 3_200_000;

    private OverloadRun() {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(60);
        int concurrency = 64;
        Path serverJar = Path.of("server/target/spanvault.jar");
        Path workDir = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--duration" -> duration = GoDuration.parse(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--server-jar" -> serverJar = Path.of(args[i + 1]);
                case "--work-dir" -> workDir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("spanvault-overload");
        run(serverJar, duration, concurrency, dir);
    }

    private static void run(Path serverJar, Duration duration, int concurrency, Path dir) throws Exception {
        int grpcPort = ScenarioRunner.freePort();
        int httpPort = ScenarioRunner.freePort();
        String metrics = "127.0.0.1:" + ScenarioRunner.freePort();
        Map<String, String> environment = Map.of("SPANVAULT_BENCH_OTLP_GRPC", "127.0.0.1:" + grpcPort,
                "SPANVAULT_BENCH_OTLP_HTTP", "127.0.0.1:" + httpPort,
                "SPANVAULT_BENCH_HEALTH", "127.0.0.1:" + ScenarioRunner.freePort(),
                "SPANVAULT_BENCH_METRICS", metrics, "MALLOC_ARENA_MAX", "2");
        Path config = dir.resolve("overload.yaml");
        try (InputStream in = OverloadRun.class.getResourceAsStream("/scenarios/noop.yaml")) {
            Files.write(config, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(JVM);
        command.addAll(ScenarioRunner.ONE_JVM);
        command.addAll(List.of("-jar", serverJar.toString(), "--config", config.toString()));
        Path log = dir.resolve("out.log");
        try (ChildProcess server = ChildProcess.start(command, environment, log)) {
            server.awaitListening(grpcPort, Duration.ofSeconds(60));
            server.awaitListening(httpPort, Duration.ofSeconds(60));
            ProcessStats stats = new ProcessStats(server.pid(), ProcessStats.clockTicksPerSecond());
            HeapSampler heap = new HeapSampler(URI.create("http://" + metrics + "/metrics"));
            heap.start();
            LoadResult http;
            LoadResult grpc;
            try (RssSampler rss = new RssSampler(stats, 250)) {
                CompletableFuture<LoadResult> httpRun = load(LoadOptions.Protocol.HTTP, httpPort, HTTP_REQUEST_BYTES,
                        duration, concurrency);
                CompletableFuture<LoadResult> grpcRun = load(LoadOptions.Protocol.GRPC, grpcPort, GRPC_REQUEST_BYTES,
                        duration, concurrency);
                http = httpRun.join();
                grpc = grpcRun.join();
                heap.interrupt();
                long ooms = Files.readAllLines(log).stream().filter(l -> l.contains("OutOfMemoryError")).count();
                System.out.println(http.summaryLine());
                System.out.println(grpc.summaryLine());
                System.out.println(String.format(Locale.ROOT, "overload http: %s; grpc: %s; ooms=%d peak_heap_mib=%.0f"
                        + " rss_max_mib=%.0f rss_avg_mib=%.0f", answered(http), answered(grpc), ooms,
                        heap.peak() / 1048576.0, rss.maxBytes() / 1048576.0, rss.averageBytes() / 1048576.0));
            }
        }
    }

    private static CompletableFuture<LoadResult> load(LoadOptions.Protocol protocol, int port, int bytes,
            Duration duration, int concurrency) {
        int spans = spansFor(bytes);
        LoadOptions options = new LoadOptions(protocol, new Endpoint("127.0.0.1", port), 0, duration, spans,
                SpanShape.TESTBED, concurrency);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new LoadGenerator(options).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** Spans per request for a request of about {@code bytes} in the testbed shape. */
    private static int spansFor(int bytes) {
        int sample = SpanShape.TESTBED.request(1000, 0).getSerializedSize();
        return (int) ((long) bytes * 1000 / sample);
    }

    /** Requests answered 2xx, refused by status, and unanswered (hung). */
    private static String answered(LoadResult result) {
        long spansPerRequest = result.options().spansPerRequest();
        long accepted = result.ackedSpans() / spansPerRequest;
        long hung = result.refusals().getOrDefault("unanswered_at_end", 0L);
        return String.format(Locale.ROOT, "requests=%d accepted=%d refused=%s hung=%d", result.requests(), accepted,
                result.refusals(), hung);
    }

    /** Polls the server's heap gauge, keeping the largest value seen. */
    private static final class HeapSampler extends Thread {
        private final URI metrics;
        private final HttpClient client = HttpClient.newHttpClient();
        private final AtomicLong peak = new AtomicLong();

        HeapSampler(URI metrics) {
            super("heap-sampler");
            setDaemon(true);
            this.metrics = metrics;
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                try {
                    String text = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    long heap = ScenarioRunner.sumSeries(text, "otelcol_process_runtime_heap_alloc_bytes");
                    peak.accumulateAndGet(heap, Math::max);
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a busy server may miss a poll; the next one counts
                }
            }
        }

        long peak() {
            return peak.get();
        }
    }
}
