package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.spanvault.pipeline.admission.AdmissionConfig;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.testkit.TestTraces;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admission control before decoding, over real HTTP and gRPC clients. */
class OtlpAdmissionTest {

    /** 20 MiB of empty ResourceSpans (2 bytes each) gzip to ~20 KB and would decode to ~660 MB. */
    private static byte[] amplificationBody() throws Exception {
        byte[] inflated = new byte[20 << 20];
        for (int i = 0; i < inflated.length; i += 2) {
            inflated[i] = 0x0a;
        }
        return HttpSender.gzip(inflated);
    }

    @Test
    void aDecompressionBombIsAnswered429WithoutDecodingAndTheReceiverServesOn() throws Exception {
        try (RunningReceiver running = RunningReceiver.start(RunningReceiver.grpc(null), RunningReceiver.http(null))) {
            HttpSender sender = new HttpSender(running.receiver.httpPort());
            byte[] bomb = amplificationBody();
            assertTrue(bomb.length < 64 * 1024, "the body is " + bomb.length + " bytes");

            List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(sender.postAsync("/v1/traces", "application/x-protobuf", bomb, "Content-Encoding",
                        "gzip"));
            }
            for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
                HttpResponse<byte[]> response = answer.get(20, TimeUnit.SECONDS);
                assertEquals(429, response.statusCode());
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
                String status = com.google.rpc.Status.parseFrom(response.body()).getMessage();
                // refused for its expansion, or while inflating when the other bombs hold the budget
                assertTrue(status.contains("max_expansion_ratio") || status.contains("request_limit_mib"), status);
            }
            assertTrue(running.traces.received().isEmpty());
            byte[] normal = TestTraces.request("svc", 3).toByteArray();
            assertEquals(200, sender.post("/v1/traces", "application/x-protobuf", normal).statusCode());
        }
    }

    @Test
    void requestsPastTheBudgetAre429WhileTheOthersAreAccepted() throws Exception {
        try (RunningReceiver running = RunningReceiver.start(RunningReceiver.grpc(null), RunningReceiver.http(null),
                new AdmissionConfig(8, null))) {
            HttpSender sender = new HttpSender(running.receiver.httpPort());
            byte[] body = TestTraces.request("svc", 2000).toByteArray();
            // slow pipeline: requests pile up in flight
            running.traces.answerWith(data -> CompletableFuture.runAsync(() -> sleep(200)));
            List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                answers.add(sender.postAsync("/v1/traces", "application/x-protobuf", body));
            }
            int ok = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
                HttpResponse<byte[]> response = answer.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(429, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
                    assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
                    refused++;
                }
            }
            assertTrue(ok >= 1 && refused >= 1, ok + " accepted, " + refused + " refused");
            assertEquals(ok * 2000, running.traces.itemCount());
        }
    }

    @Test
    void aHugeJsonExponentIsAnswered400NamingTheField() throws Exception {
        try (RunningReceiver running = RunningReceiver.start()) {
            HttpSender sender = new HttpSender(running.receiver.httpPort());
            for (String value : new String[] {"1e30000000", "\"1e30000000\""}) {
                byte[] body = ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                        + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"x\","
                        + "\"startTimeUnixNano\":" + value + "}]}]}]}").getBytes(StandardCharsets.UTF_8);
                long start = System.nanoTime();
                HttpResponse<byte[]> response = sender.postAsync("/v1/traces", "application/json", body)
                        .get(10, TimeUnit.SECONDS);
                assertEquals(400, response.statusCode());
                String text = new String(response.body(), StandardCharsets.UTF_8);
                assertTrue(text.contains("startTimeUnixNano"), text);
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            }
        }
    }

    @Test
    void grpcPastTheBudgetIsResourceExhaustedWithRetryInfoNeverInternal() throws Exception {
        try (RunningReceiver running = RunningReceiver.start(RunningReceiver.grpc(null), RunningReceiver.http(null),
                new AdmissionConfig(8, null))) {
            ManagedChannel channel = OtlpGrpcReceiverTest.channel(running);
            try {
                // 200,000 empty ResourceSpans: 400 KB on the wire, ~13 MB decoded, more than the 8 MiB budget
                ExportTraceServiceRequest.Builder amplified = ExportTraceServiceRequest.newBuilder();
                for (int i = 0; i < 200_000; i++) {
                    amplified.addResourceSpans(ResourceSpans.getDefaultInstance());
                }
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> export(channel, amplified.build()));
                assertRetryableResourceExhausted(e);

                running.traces.answerWith(data -> CompletableFuture.runAsync(() -> sleep(200)));
                ExportTraceServiceRequest request = TestTraces.request("svc", 2000);
                ExecutorService clients = Executors.newFixedThreadPool(16);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    calls.add(clients.submit(() -> export(channel, request)));
                }
                int ok = 0;
                int refused = 0;
                for (Future<?> call : calls) {
                    try {
                        call.get(30, TimeUnit.SECONDS);
                        ok++;
                    } catch (java.util.concurrent.ExecutionException failed) {
                        assertRetryableResourceExhausted((StatusRuntimeException) failed.getCause());
                        refused++;
                    }
                }
                clients.shutdown();
                assertTrue(ok >= 1 && refused >= 1, ok + " accepted, " + refused + " refused");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anIdleHttpConnectionIsClosedOnTime() throws Exception {
        HttpServerConfig http = new HttpServerConfig(new Endpoint("127.0.0.1", 0), null, null, null, null, null, null,
                null, null, null, null, Duration.ofMillis(300), null);
        try (RunningReceiver running = RunningReceiver.start(RunningReceiver.grpc(null), http);
                java.net.Socket socket = new java.net.Socket("127.0.0.1", running.receiver.httpPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /v1/traces HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[4096];
            int n = socket.getInputStream().read(answer);
            assertTrue(new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 405"));
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "the kept-alive connection is closed when idle");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
        }
    }

    @Test
    void grpcConnectionsOverTheLimitAreClosedWhileOthersAreServed() throws Exception {
        GrpcServerConfig grpc = new GrpcServerConfig(new Endpoint("127.0.0.1", 0), null, null, null, null, null, null, 1);
        try (RunningReceiver running = RunningReceiver.start(grpc, RunningReceiver.http(null))) {
            ManagedChannel first = OtlpGrpcReceiverTest.channel(running);
            ManagedChannel second = OtlpGrpcReceiverTest.channel(running);
            try {
                export(first, TestTraces.request("svc", 1));
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> export(second, TestTraces.request("svc", 1)));
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
                export(first, TestTraces.request("svc", 1));
            } finally {
                first.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                second.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void export(ManagedChannel channel, ExportTraceServiceRequest request) {
        ClientCalls.blockingUnaryCall(channel, TraceServiceGrpc.getExportMethod(),
                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), request);
    }

    private static void assertRetryableResourceExhausted(StatusRuntimeException e) throws Exception {
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.toString());
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        boolean retryInfo = false;
        for (Any detail : status.getDetailsList()) {
            retryInfo |= detail.is(RetryInfo.class);
        }
        assertTrue(retryInfo, "RESOURCE_EXHAUSTED carries RetryInfo: " + status);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
