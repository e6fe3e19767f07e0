package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an acknowledgement promises, on the real server (OTLP receiver, batch, store) with real clients:
 * an answer of OK means the spans are stored, through a SIGTERM that finds clients waiting and through a
 * {@code kill -9} under concurrent load. A second server on the same data directory looks the spans up.
 */
class AcknowledgedSpansEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final Pattern READY = Pattern.compile("Everything is ready");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private int metricsPort;

    /**
     * SIGTERM while clients wait for a batch that only the shutdown's flush sends (the batch would wait an
     * hour). The flush delivers their spans, so both must be answered OK (not CANCELLED or a dropped
     * connection), or they would send the spans again.
     */
    @Test
    void clientsWaitingForABatchWhenSigtermArrivesAreAnsweredOkForTheSpansTheFlushDelivered() throws Exception {
        int queryPort = freePort();
        metricsPort = freePort();
        Path config = storeConfig(queryPort, "    timeout: 1h\n    flush_when_idle: false");
        ExportTraceServiceRequest viaGrpc = spansNow(1);
        ExportTraceServiceRequest viaHttp = spansNow(2);
        try (ServerProcess server = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(),
                "--config", config.toString())) {
            int grpcPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/gRPC on [^ ]*:(\\d+)"), WAIT));
            int httpPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/HTTP on [^ ]*:(\\d+)"), WAIT));
            server.await(READY, WAIT);
            ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + grpcPort, InsecureChannelCredentials.create())
                    .build();
            try {
                Future<?> grpcAnswer = TraceServiceGrpc.newFutureStub(channel).export(viaGrpc);
                CompletableFuture<HttpResponse<String>> httpAnswer = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(viaHttp.toByteArray())).build(),
                        HttpResponse.BodyHandlers.ofString());
                awaitPendingInBatch(6);
                assertFalse(grpcAnswer.isDone() || httpAnswer.isDone(), "answered before the batch was sent");

                assertEquals(143, server.terminate(WAIT), server.output());
                grpcAnswer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(200, httpAnswer.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode(), server.output());
            } finally {
                channel.shutdownNow();
            }
        }
        try (ServerProcess reopened = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(),
                "--config", config.toString())) {
            reopened.await(READY, WAIT);
            assertStored(queryPort, viaGrpc);
            assertStored(queryPort, viaHttp);
            reopened.terminate(WAIT);
        }
    }

    /**
     * Eight gRPC clients export one request after another into the default batch (group commit) and store;
     * the server is killed with SIGKILL under that load, and every request answered OK must be stored.
     */
    @Test
    void everySpanAcknowledgedBeforeAKillNineIsStored() throws Exception {
        int queryPort = freePort();
        Path config = storeConfig(queryPort, "");
        java.util.List<ExportTraceServiceRequest> acknowledged = java.util.Collections.synchronizedList(
                new java.util.ArrayList<>());
        int clients = 8;
        try (ServerProcess server = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(),
                "--config", config.toString())) {
            int grpcPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/gRPC on [^ ]*:(\\d+)"), WAIT));
            server.await(READY, WAIT);
            ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + grpcPort, InsecureChannelCredentials.create())
                    .build();
            java.util.concurrent.CountDownLatch enough = new java.util.concurrent.CountDownLatch(clients * 20);
            java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(clients);
            try {
                for (int c = 0; c < clients; c++) {
                    long first = 1000L * (c + 1);
                    senders.execute(() -> {
                        var stub = TraceServiceGrpc.newBlockingStub(channel);
                        for (long seed = first; seed < first + 1000; seed++) {
                            ExportTraceServiceRequest request = spansNow(seed);
                            try {
                                stub.withDeadlineAfter(20, TimeUnit.SECONDS).export(request);
                            } catch (io.grpc.StatusRuntimeException killed) {
                                return;
                            }
                            acknowledged.add(request);
                            enough.countDown();
                        }
                    });
                }
                assertTrue(enough.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the clients were not answered");
                server.kill(WAIT);
            } finally {
                senders.shutdown();
                assertTrue(senders.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
                channel.shutdownNow();
            }
        }
        try (ServerProcess reopened = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(),
                "--config", config.toString())) {
            reopened.await(READY, WAIT);
            for (ExportTraceServiceRequest request : acknowledged) {
                assertStored(queryPort, request);
            }
            reopened.terminate(WAIT);
        }
    }

    /** Waits until the batch processor holds {@code items} (the requests sent are in the batch, waiting). */
    private void awaitPendingInBatch(int items) throws Exception {
        Pattern pending = Pattern.compile("(?m)^spanvault_processor_batch_pending_items\\{[^}]*} (\\S+)$");
        long deadline = System.nanoTime() + WAIT.toNanos();
        String exposition = "";
        while (System.nanoTime() < deadline) {
            exposition = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher m = pending.matcher(exposition);
            if (m.find() && Double.parseDouble(m.group(1)) == items) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the batch never held " + items + " items:\n" + exposition);
    }

    /** OTLP receiver (gRPC and HTTP) → batch with {@code batchSettings} → store, and the query API. */
    private Path storeConfig(int queryPort, String batchSettings) throws java.io.IOException {
        return Files.writeString(dir.resolve("config.yaml"), StoredTraces.storePipeline("""
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:0
                      http:
                        endpoint: 127.0.0.1:0
                """, "otlp", batchSettings, dir.resolve("data"), queryPort, "      address: 127.0.0.1:" + metricsPort));
    }

    /** Three spans of one trace starting a second ago, within the store's retention. */
    private static ExportTraceServiceRequest spansNow(long seed) {
        return StoredTraces.startedASecondAgo("shutdown-test", seed, 3);
    }

    private void assertStored(int queryPort, ExportTraceServiceRequest request) throws Exception {
        HttpResponse<String> trace = StoredTraces.trace(http, queryPort, request);
        assertEquals(200, trace.statusCode(), trace.body());
        for (var span : request.getResourceSpans(0).getScopeSpans(0).getSpansList()) {
            assertTrue(trace.body().contains(HexFormat.of().formatHex(span.getSpanId().toByteArray())), trace.body());
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
