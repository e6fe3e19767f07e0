package io.spanvault.bench.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanvault.bench.store.ScratchStore;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.query.extension.QueryConfig;
import io.spanvault.query.extension.QueryExtension;
import io.spanvault.storage.backend.StandaloneHost;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.chronicle.ChronicleStoreOptions;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Latency of the query API over HTTP on a store of many spans: {@code /api/traces/{id}} for random stored traces
 * a Jaeger tag search ({@code service} + {@code tag=customer.id:…}, limit 20), and the Monitor tab's
 * per-operation latencies of one service ({@code /api/metrics/latencies}). The store is filled through
 * its writer, the server is the real query extension on loopback, requests go one at a time over a kept-alive
 * connection. Options: {@code --spans 1000000 --spans-per-trace 10 --requests 2000 --dir PATH}.
 */
public final class QueryLatencyBench {
    private static final int TRACES_PER_BATCH = 100;
    private static final int WARMUP = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        long spans = option(args, "--spans", 1_000_000);
        int spansPerTrace = (int) option(args, "--spans-per-trace", 10);
        int requests = (int) option(args, "--requests", 2_000);
        Path dir = optionPath(args);
        boolean temporary = dir == null;
        if (temporary) {
            dir = Files.createTempDirectory("spanvault-query-bench");
        }
        long traces = spans / spansPerTrace;
        Instant now = Instant.now();
        try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dir))) {
            fill(store, traces, spansPerTrace, now);
            QueryExtension query = start(store);
            try {
                measure(query.port(), traces, requests);
                measureStore(store, traces, requests);
            } finally {
                query.close();
            }
        } finally {
            if (temporary) {
                ScratchStore.deleteRecursively(dir);
            }
        }
    }

    private static void fill(ChronicleTraceStore store, long traces, int spansPerTrace, Instant now) {
        SyntheticTraces generator = new SyntheticTraces(spansPerTrace, now.minus(Duration.ofHours(1)),
                Duration.ofMinutes(55).toNanos());
        SplittableRandom random = new SplittableRandom(42);
        long began = System.nanoTime();
        for (long first = 0; first < traces; first += TRACES_PER_BATCH) {
            store.write(generator.batch(first, (int) Math.min(TRACES_PER_BATCH, traces - first), random));
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("stored %d spans (%d traces of %d) in %.1fs (%.0f spans/s)%n", traces * spansPerTrace,
                traces, spansPerTrace, seconds, traces * spansPerTrace / seconds);
    }

    /** The real query extension on a free loopback port, over {@code store}. */
    static QueryExtension start(ChronicleTraceStore store) throws Exception {
        Host host = StandaloneHost.of(QueryConfig.DEFAULT_STORAGE, store);
        QueryExtension query = new QueryExtension(new ComponentContext(ComponentKind.EXTENSION,
                new ComponentId("query", ""), new Telemetry()),
                QueryConfig.of(new Endpoint("127.0.0.1", 0), null, null, null, null), Clock.systemUTC());
        query.start(host);
        return query;
    }

    private static void measure(int port, long traces, int requests) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + port;
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < WARMUP; i++) {
            get(client, base + traceUrl(random, traces));
            get(client, base + searchUrl(random));
        }
        Latencies byId = new Latencies(requests);
        long bytes = 0;
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            bytes += get(client, base + traceUrl(random, traces)).length;
            byId.record(System.nanoTime() - t);
        }
        System.out.printf("GET /api/traces/{id}: %s, %.1f KiB per trace%n", byId.summary(),
                bytes / 1024.0 / requests);
        Latencies search = new Latencies(requests);
        long found = 0;
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            byte[] body = get(client, base + searchUrl(random));
            search.record(System.nanoTime() - t);
            found += JSON.readTree(body).path("data").size();
        }
        System.out.printf("GET /api/traces?service=&tag=customer.id:…&limit=20: %s, %.1f traces found per search%n",
                search.summary(), found / (double) requests);
        measureMonitor(client, base, random, Math.max(20, requests / 20));
    }

    /**
     * Jaeger UI's Monitor page: per-operation p95 latencies of one service over the last hour, each request with
     * its own {@code endTs} so that none is answered from the metrics cache (each is a scan of the store).
     */
    private static void measureMonitor(HttpClient client, String base, SplittableRandom random, int requests)
            throws Exception {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            get(client, base + monitorUrl(random, now - i));
        }
        Latencies monitor = new Latencies(requests);
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            get(client, base + monitorUrl(random, now - 1000 - i));
            monitor.record(System.nanoTime() - t);
        }
        System.out.printf("GET /api/metrics/latencies?groupByOperation=true (1 h, step 1 min, uncached): %s%n",
                monitor.summary());
    }

    private static String monitorUrl(SplittableRandom random, long endTs) {
        return "/api/metrics/latencies?service=" + SyntheticTraces.service(random.nextInt(SyntheticTraces.SERVICES))
                + "&quantile=0.95&groupByOperation=true&endTs=" + endTs
                + "&lookback=3600000&step=60000&ratePer=600000&spanKind=server";
    }

    /** The same reads on the store directly, to tell the store's share of the latency from HTTP and JSON. */
    private static void measureStore(ChronicleTraceStore store, long traces, int requests) {
        SplittableRandom random = new SplittableRandom(7);
        Latencies byId = new Latencies(requests);
        for (int i = 0; i < requests; i++) {
            TraceId id = TraceId.of(SyntheticTraces.traceId(random.nextLong(traces)));
            long t = System.nanoTime();
            store.getTrace(id, null, null).orElseThrow();
            byId.record(System.nanoTime() - t);
        }
        System.out.printf("store.getTrace (no HTTP): %s%n", byId.summary());
        Latencies search = new Latencies(requests);
        Instant end = Instant.now();
        for (int i = 0; i < requests; i++) {
            TraceQuery query = TraceQuery.builder()
                    .serviceName(SyntheticTraces.service(random.nextInt(SyntheticTraces.SERVICES)))
                    .attributes(Map.of("customer.id", Integer.toString(random.nextInt(SyntheticTraces.CUSTOMERS))))
                    .startTimeMin(end.minus(Duration.ofDays(2))).startTimeMax(end).limit(20).build();
            long t = System.nanoTime();
            store.findTraces(query);
            search.record(System.nanoTime() - t);
        }
        System.out.printf("store.findTraces (no HTTP): %s%n", search.summary());
    }

    private static String traceUrl(SplittableRandom random, long traces) {
        return "/api/traces/" + TraceId.of(SyntheticTraces.traceId(random.nextLong(traces))).toHex();
    }

    private static String searchUrl(SplittableRandom random) {
        return "/api/traces?service=" + SyntheticTraces.service(random.nextInt(SyntheticTraces.SERVICES))
                + "&tag=customer.id:" + random.nextInt(SyntheticTraces.CUSTOMERS) + "&limit=20";
    }

    private static byte[] get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static long option(String[] args, String name, long fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1].replace("_", ""));
            }
        }
        return fallback;
    }

    private static Path optionPath(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--dir")) {
                return Path.of(args[i + 1]);
            }
        }
        return null;
    }
}
