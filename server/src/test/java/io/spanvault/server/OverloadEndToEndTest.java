package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanvault.pipeline.testkit.TestTraces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server at a 256 MiB heap (see {@link ServerProcess}) under more than it can hold at once: 64 concurrent
 * 8 MB OTLP/HTTP requests, then 64 concurrent 3.2 MB gRPC calls. Every one is answered (accepted, or
 * refused 429 / RESOURCE_EXHAUSTED so the sender retries), none hangs, nothing runs out of memory, and the
 * server stops cleanly afterwards.
 */
class OverloadEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int CONCURRENT = 64;

    @TempDir
    Path dir;

    @Test
    void concurrentLargeRequestsAreAllAnsweredAtA256MiBHeap() throws Exception {
        Path config = Files.writeString(dir.resolve("overload.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:0
                      http:
                        endpoint: 127.0.0.1:0
                exporters:
                  debug:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [debug]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                """);
        try (ServerProcess server = ServerProcess.start("run", "--config", config.toString())) {
            int httpPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/HTTP on [^ ]*:(\\d+)"), WAIT));
            int grpcPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/gRPC on [^ ]*:(\\d+)"), WAIT));
            server.await(Pattern.compile("Everything is ready"), WAIT);

            int[] http = overloadHttp(httpPort, requestOfAtLeast(8_000_000).toByteArray());
            assertEquals(CONCURRENT, http[0] + http[1], "every HTTP request answered 200 or 429: " + server.output());
            // whether one 8 MB request fits at all depends on its decoded size against a quarter of the heap

            int[] grpc;
            try {
                grpc = overloadGrpc(grpcPort, requestOfAtLeast(3_200_000));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; server output:\n" + server.output(), e);
            }
            assertEquals(CONCURRENT, grpc[0] + grpc[1], "every gRPC call OK or RESOURCE_EXHAUSTED");
            assertTrue(grpc[0] >= 1, "some gRPC calls accepted");

            assertFalse(server.output().contains("OutOfMemoryError"), server.output());
            assertEquals(143, server.terminate(Duration.ofSeconds(30)), "a clean stop after SIGTERM: " + server.output());
        }
    }

    /** Accepted and refused counts; anything else fails the test. */
    private static int[] overloadHttp(int port, byte[] body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                    .timeout(WAIT).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int[] counts = new int[2];
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                counts[0]++;
            } else {
                assertEquals(429, response.statusCode(), response.body());
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
                counts[1]++;
            }
        }
        return counts;
    }

    private static int[] overloadGrpc(int port, ExportTraceServiceRequest request) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                InsecureChannelCredentials.create()).maxInboundMessageSize(8 << 20).build();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                calls.add(clients.submit(() -> ClientCalls.blockingUnaryCall(channel,
                        TraceServiceGrpc.getExportMethod(), CallOptions.DEFAULT.withDeadlineAfter(WAIT.toSeconds(),
                                TimeUnit.SECONDS), request)));
            }
            int[] counts = new int[2];
            for (Future<?> call : calls) {
                try {
                    call.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
                    counts[0]++;
                } catch (ExecutionException e) {
                    StatusRuntimeException status = (StatusRuntimeException) e.getCause();
                    assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getStatus().getCode(), status.toString());
                    counts[1]++;
                }
            }
            return counts;
        } finally {
            clients.shutdownNow();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ExportTraceServiceRequest requestOfAtLeast(int bytes) {
        ExportTraceServiceRequest unit = TestTraces.request("overload", 1000);
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (long size = 0; size < bytes; size += unit.getSerializedSize()) {
            request.addAllResourceSpans(unit.getResourceSpansList());
        }
        return request.build();
    }
}
