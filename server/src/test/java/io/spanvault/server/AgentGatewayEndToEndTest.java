package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two tiers on loopback, each the real server in a child JVM started from its preset ({@code --preset
 * agent} / {@code --preset gateway}, ports and directories merged over it): an SDK sends to the agent, the
 * agent forwards to the gateway, the gateway stores. Then the gateway stops while the SDK keeps sending (the
 * agent queues on disk), the agent is killed with SIGKILL and restarted, the gateway comes back, and every span
 * the agent acknowledged is found in the gateway's store through its query API.
 *
 * <p>Delivery is at-least-once: a request the gateway stored but whose answer the agent did not get (the
 * gateway stopped mid-answer, the agent died before recording it, or the answer came after the exporter's
 * {@code timeout}) is sent again. The agent's timeout is raised to 60s here because a loaded 2-core machine
 * can take longer than the default 5s to store a batch, and every such resend is a duplicate; with it, a
 * duplicate can only come from the request in flight when the gateway stops, and the test allows one SDK
 * export's worth ({@value #BATCH} spans).
 */
class AgentGatewayEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("Everything is ready");
    private static final int BATCH = 10;

    @TempDir
    Path dir;

    private final List<ServerProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> acknowledged = new LinkedHashMap<>();
    private final EndedSpans ended = new EndedSpans();
    private SdkTracerProvider sdk;
    private OtlpGrpcSpanExporter toAgent;
    private int queryPort;

    @AfterEach
    void stopAll() {
        if (sdk != null) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
        if (toAgent != null) {
            toAgent.shutdown().join(5, TimeUnit.SECONDS);
        }
        processes.forEach(ServerProcess::close);
    }

    @Test
    void everySpanTheAgentAcknowledgedReachesTheGatewayAcrossAnOutageAndAKillDashNine() throws Exception {
        int gatewayGrpc = freePort();
        queryPort = freePort();
        int agentGrpc = freePort();
        int agentMetrics = freePort();
        Path gatewayConfig = gatewayConfig(gatewayGrpc, 0);
        Path agentConfig = agentConfig(agentGrpc, 0, agentMetrics);
        Map<String, String> agentEnv = Map.of("SPANVAULT_GATEWAY", "127.0.0.1:" + gatewayGrpc);

        ServerProcess gateway = startGateway(gatewayConfig);
        ServerProcess agent = start(List.of(), agentEnv, "--preset", "agent", "--config", agentConfig.toString());
        sdk = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "e2e-tiers")))
                .addSpanProcessor(ended).build();
        toAgent = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + agentGrpc)
                .setTimeout(Duration.ofSeconds(10)).build();

        sendBatches(5, "through");
        awaitStored(WAIT);

        assertEquals(143, gateway.terminate(WAIT), gateway.output());
        sendBatches(5, "queued");
        awaitQueued(agentMetrics);

        agent.kill(WAIT);
        agent = start(List.of(), agentEnv, "--preset", "agent", "--config", agentConfig.toString());
        int pending = Integer.parseInt(agent.await(Pattern.compile(
                "sending queue .*agent-queue.* (\\d+) requests from before the restart will be sent"), WAIT));
        assertTrue(pending > 0, "the agent's disk queue held nothing after the kill");
        sendBatches(2, "after-restart");

        startGateway(gatewayConfig);
        awaitStored(WAIT);
        int duplicates = 0;
        for (Map.Entry<String, String> span : acknowledged.entrySet()) {
            duplicates += storedCopies(span.getKey(), span.getValue()) - 1;
        }
        assertEquals(120, acknowledged.size());
        assertTrue(duplicates <= BATCH, duplicates + " duplicate spans; at-least-once allows one batch");
    }

    /** The agent preset forwards what the OpenTelemetry Java agent sends besides spans. */
    @Test
    void metricsAndLogsSentToTheAgentReachTheGateway() throws Exception {
        int gatewayGrpc = freePort();
        int gatewayPrometheus = freePort();
        queryPort = freePort();
        int agentHttp = freePort();
        startGateway(gatewayConfig(gatewayGrpc, gatewayPrometheus));
        start(List.of(), Map.of("SPANVAULT_GATEWAY", "127.0.0.1:" + gatewayGrpc), "--preset", "agent", "--config",
                agentConfig(freePort(), agentHttp, freePort()).toString());

        post(agentHttp, "/v1/metrics", """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"e2e"}}]},
                 "scopeMetrics":[{"metrics":[{"name":"agent.forwarded","sum":{"aggregationTemporality":2,
                 "isMonotonic":true,"dataPoints":[{"asInt":"7","timeUnixNano":"%d"}]}}]}]}]}""".formatted(nowNanos()));
        post(agentHttp, "/v1/logs", """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"e2e"}}]},
                 "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d",
                 "body":{"stringValue":"forwarded-log-line"}}]}]}]}""".formatted(nowNanos()));

        awaitContaining(() -> get(gatewayPrometheus, "/metrics"), "agent_forwarded_total{");
        Path logs = dir.resolve("gateway-logs/logs.json");
        awaitContaining(() -> Files.exists(logs) ? Files.readString(logs) : "", "forwarded-log-line");
    }

    private Path gatewayConfig(int grpcPort, int prometheusPort) throws IOException {
        return Files.writeString(dir.resolve("gateway.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                      http:
                        endpoint: 127.0.0.1:0
                  zipkin:
                    endpoint: 127.0.0.1:0
                processors:
                  batch:
                    timeout: 10ms
                exporters:
                  store:
                    data_dir: %s
                  prometheus:
                    endpoint: 127.0.0.1:%d
                  file/logs:
                    path: %s
                extensions:
                  health_check:
                    endpoint: 127.0.0.1:0
                  query:
                    endpoint: 127.0.0.1:%d
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                """.formatted(grpcPort, dir.resolve("gateway-data"), prometheusPort,
                dir.resolve("gateway-logs/logs.json"), queryPort));
    }

    private Path agentConfig(int grpcPort, int httpPort, int metricsPort) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), """
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
                  otlp:
                    timeout: 60s
                    sending_queue:
                      storage: %s
                    retry_on_failure:
                      initial_interval: 100ms
                      max_interval: 500ms
                extensions:
                  health_check:
                    endpoint: 127.0.0.1:0
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:%d
                """.formatted(grpcPort, httpPort, dir.resolve("agent-queue"), metricsPort));
    }

    private void post(int port, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
    }

    private static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitContaining(Callable<String> read, String expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = read.call();
            if (last.contains(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + expected + " in:\n" + last);
    }

    private ServerProcess startGateway(Path config) throws Exception {
        return start(ServerProcess.storeJvmOptions(), Map.of(), "--preset", "gateway", "--config", config.toString());
    }

    private ServerProcess start(List<String> jvmOptions, Map<String, String> env, String... args) throws Exception {
        ServerProcess process = ServerProcess.start(jvmOptions, env, args);
        processes.add(process);
        process.await(READY, WAIT);
        return process;
    }

    /** Each span is the root of its own trace; a batch counts as acknowledged only when the agent said so. */
    private void sendBatches(int batches, String phase) {
        Tracer tracer = sdk.get("e2e");
        for (int b = 0; b < batches; b++) {
            ended.takeAll();
            for (int i = 0; i < BATCH; i++) {
                tracer.spanBuilder(phase + "-" + b + "-" + i).setSpanKind(SpanKind.SERVER).setNoParent().startSpan()
                        .end();
            }
            List<SpanData> batch = ended.takeAll();
            CompletableResultCode result = toAgent.export(batch).join(20, TimeUnit.SECONDS);
            assertTrue(result.isSuccess(), "the agent did not acknowledge a batch of " + phase);
            batch.forEach(span -> acknowledged.put(span.getTraceId(), span.getSpanId()));
        }
    }

    /** The agent's otelcol_exporter_queue_size shows requests waiting while the gateway is down. */
    private void awaitQueued(int metricsPort) throws Exception {
        Pattern queueSize = Pattern.compile("(?m)^otelcol_exporter_queue_size\\{[^}]*exporter=\"otlp\"[^}]*} (\\S+)$");
        long deadline = System.nanoTime() + WAIT.toNanos();
        String exposition = "";
        while (System.nanoTime() < deadline) {
            exposition = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            // one series per signal's queue: the spans wait in the traces one
            Matcher m = queueSize.matcher(exposition);
            while (m.find()) {
                if (Double.parseDouble(m.group(1)) > 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the agent's queue stayed empty while the gateway was down:\n" + exposition);
    }

    private void awaitStored(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> missing = new ArrayList<>(acknowledged.keySet());
        while (!missing.isEmpty()) {
            missing.removeIf(traceId -> storedCopies(traceId, acknowledged.get(traceId)) > 0);
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(missing.size() + " of " + acknowledged.size()
                        + " acknowledged spans are not in the gateway's store, e.g. trace " + missing.get(0));
            }
            Thread.sleep(200);
        }
    }

    /** How many spans with this id the gateway's Jaeger API returns for the trace (0 when not found). */
    private int storedCopies(String traceId, String spanId) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + queryPort + "/api/traces/" + traceId)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return 0;
            }
            Matcher m = Pattern.compile("\"spanID\"\\s*:\\s*\"" + spanId + "\"").matcher(response.body());
            int copies = 0;
            while (m.find()) {
                copies++;
            }
            return copies;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
