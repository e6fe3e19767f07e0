package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.spanvault.cassandra.testkit.CassandraNode;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigSource;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.receiver.otlp.OtlpReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster roles on one real Cassandra node: two gateway processes (the server's jar main, each with its own
 * OTLP receiver and a {@code store} exporter writing the storage extension's {@code cassandra} backend) take
 * spans from OpenTelemetry SDK clients, one over gRPC and one over HTTP, and a query process started with
 * {@code --preset query} (no receivers, no pipelines) finds every span both acknowledged, whole traces whose
 * spans came through different gateways, and the service map between them.
 */
class CassandraClusterEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern READY = Pattern.compile("Everything is ready");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CassandraNode cassandra;

    @TempDir
    Path dir;

    private final List<ServerProcess> processes = new ArrayList<>();
    private final List<SdkTracerProvider> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCassandra() {
        cassandra = CassandraNode.shared();
    }

    @AfterEach
    void stopAll() {
        clients.forEach(c -> c.shutdown().join(10, TimeUnit.SECONDS));
        processes.forEach(ServerProcess::close);
    }

    @Test
    void twoGatewaysWriteOneCassandraAndAQueryNodeFindsEverySpanBothAcknowledged() throws Exception {
        int grpcA = freePort();
        int httpB = freePort();
        int queryPort = freePort();
        String keyspace = "cluster_e2e";
        ServerProcess gatewayA = start(gateway("a", grpcA, freePort(), keyspace));
        ServerProcess gatewayB = start(gateway("b", freePort(), httpB, keyspace));
        Path queryOverride = Files.writeString(dir.resolve("query.yaml"), """
                extensions:
                  health_check:
                    endpoint: 127.0.0.1:0
                  query:
                    endpoint: 127.0.0.1:%d
                service:
                  telemetry:
                    metrics:
                      level: none
                """.formatted(queryPort));
        start(Map.of("SPANVAULT_CASSANDRA", cassandra.server(), "SPANVAULT_CASSANDRA_KEYSPACE", keyspace),
                "--preset", "query", "--config", queryOverride.toString());

        Client frontend = client("frontend", OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + grpcA).setTimeout(Duration.ofSeconds(20)).build());
        Client backend = client("backend", OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + httpB + "/v1/traces").setTimeout(Duration.ofSeconds(20)).build());
        Set<String> sent = new TreeSet<>();
        Set<String> traces = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Span root = frontend.tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setNoParent()
                    .startSpan();
            try (Scope ignored = root.makeCurrent()) {
                backend.tracer.spanBuilder("charge").setSpanKind(SpanKind.SERVER).setAttribute("order", i).startSpan()
                        .end();
            }
            root.end();
            traces.add(root.getSpanContext().getTraceId());
        }
        // half the children reach their gateway before their parents reach the other, half after
        sent.addAll(backend.send(10));
        sent.addAll(frontend.send(20));
        sent.addAll(backend.send(10));

        Set<String> found = new TreeSet<>();
        JsonNode data = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!found.equals(sent) && System.nanoTime() < deadline) {
            data = JSON.readTree(get(queryPort, "/api/traces?service=frontend&limit=100")).get("data");
            found.clear();
            for (JsonNode trace : data) {
                for (JsonNode span : trace.get("spans")) {
                    found.add(span.get("spanID").asText());
                }
            }
            if (!found.equals(sent)) {
                Thread.sleep(200);
            }
        }
        assertEquals(sent, found, "every span the two gateways acknowledged, from the query node");
        assertEquals(traces.size(), data.size());
        for (JsonNode trace : data) {
            assertEquals(2, trace.get("processes").size(), "each trace holds spans from both gateways");
        }
        assertEquals(List.of("backend", "frontend"), services(queryPort));
        JsonNode tagged = JSON.readTree(get(queryPort, "/api/traces?service=backend&tags=%7B%22order%22%3A%227%22%7D"))
                .get("data");
        assertEquals(1, tagged.size(), "a tag search on the query node");
        long end = System.currentTimeMillis() + 60_000;
        JsonNode links = JSON.readTree(get(queryPort, "/api/dependencies?endTs=" + end + "&lookback=3600000"))
                .get("data");
        assertEquals(1, links.size(), links.toString());
        assertEquals("frontend", links.get(0).get("parent").asText());
        assertEquals("backend", links.get(0).get("child").asText());
        assertEquals(20, links.get(0).get("callCount").asLong(), "each call counted once, whichever gateway wrote last");

        assertEquals(143, gatewayA.terminate(WAIT), gatewayA.output());
        assertEquals(143, gatewayB.terminate(WAIT), gatewayB.output());
    }

    /** Cassandra unable to take a write at the consistency level: the gateway answers 503 with Retry-After. */
    @Test
    void aWriteCassandraCannotTakeIsUnavailableToTheClient() throws Exception {
        String yaml = Files.readString(gateway("c", 0, 0, "cluster_e2e")).replace("request_timeout: 20s",
                "request_timeout: 20s\n          consistency: {write: TWO, read: TWO}");
        ComponentRegistry registry = ComponentRegistry.loadInstalled();
        SpanvaultService service = SpanvaultService.create(new ConfigLoader(registry, name -> null)
                .load(List.of(new ConfigSource("c.yaml", yaml))), registry);
        service.start();
        try {
            int otlp = service.graph().component(ComponentKind.RECEIVER, ComponentId.parse("otlp"), OtlpReceiver.class)
                    .orElseThrow().httpPort();
            long start = System.currentTimeMillis() * 1_000_000L;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlp
                    + "/v1/traces")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                    .ofString("""
                            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c",
                            "spanId":"b7ad6b7169203331","name":"x","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                            """.formatted(start, start + 1000))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Retry-After").isPresent(), response.headers().toString());
        } finally {
            assertTrue(service.stop(Duration.ofSeconds(30)));
        }
    }

    private Path gateway(String name, int grpcPort, int httpPort, String keyspace) throws IOException {
        return Files.writeString(dir.resolve("gateway-" + name + ".yaml"), """
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
                  store:
                    backend: main
                extensions:
                  storage:
                    backends:
                      main:
                        cassandra:
                          servers: [%s]
                          keyspace: %s
                          request_timeout: 20s
                service:
                  extensions: [storage]
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [store]
                  telemetry:
                    metrics:
                      level: none
                """.formatted(grpcPort, httpPort, cassandra.server(), keyspace));
    }

    private ServerProcess start(Path config) throws Exception {
        return start(Map.of(), "--config", config.toString());
    }

    private ServerProcess start(Map<String, String> env, String... args) throws Exception {
        ServerProcess process = ServerProcess.start(ServerProcess.storeJvmOptions(), env, args);
        processes.add(process);
        process.await(READY, WAIT);
        return process;
    }

    private Client client(String service, SpanExporter exporter) {
        Client client = new Client(exporter);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addSpanProcessor(client).build();
        client.tracer = provider.get("e2e");
        clients.add(provider);
        return client;
    }

    /** An SDK client whose ended spans are exported when the test says, so acknowledgements are checked. */
    private static final class Client extends EndedSpans {
        private final SpanExporter exporter;
        private Tracer tracer;

        Client(SpanExporter exporter) {
            this.exporter = exporter;
        }

        /** Exports the next {@code count} ended spans in one request; returns their ids once acknowledged. */
        List<String> send(int count) {
            List<SpanData> batch = take(count);
            CompletableResultCode result = exporter.export(batch).join(30, TimeUnit.SECONDS);
            assertTrue(result.isSuccess(), "the gateway did not acknowledge " + count + " spans");
            return batch.stream().map(SpanData::getSpanId).toList();
        }

        @Override
        public CompletableResultCode shutdown() {
            return exporter.shutdown();
        }
    }

    private List<String> services(int port) throws Exception {
        List<String> services = new ArrayList<>();
        JSON.readTree(get(port, "/api/services")).get("data").forEach(s -> services.add(s.asText()));
        return services;
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
