package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.pipeline.testkit.TestTraces;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded robustness test: thousands of random and mutated protobuf and JSON bodies go to both protocols.
 * Every answer must be a success or a proper "bad request" with a decodable status, the server must stay
 * up, and memory must not grow with the garbage.
 */
class OtlpFuzzTest {
    private static final long SEED = 0x5eed_2026L;
    private static final int HTTP_BODIES = 2000;
    private static final int GRPC_BODIES = 1000;
    private static final int IN_FLIGHT = 32;
    private static final String[] PATHS = {"/v1/traces", "/v1/metrics", "/v1/logs"};
    private static final String[] SERVICES = {
        "opentelemetry.proto.collector.trace.v1.TraceService",
        "opentelemetry.proto.collector.metrics.v1.MetricsService",
        "opentelemetry.proto.collector.logs.v1.LogsService"};
    private static final String JSON_NOISE = "{}[]\",:0123456789-+eE.tfnul\\ \u00e9";

    private final Random random = new Random(SEED);
    private final List<Message> seeds = List.of(traces(), metrics(), logs());

    @Test
    void garbageGetsProperAnswersAndTheServerStaysUp() throws Exception {
        try (RunningReceiver running = RunningReceiver.start()) {
            long heapBefore = usedHeapAfterGc();
            fuzzHttp(new HttpSender(running.receiver.httpPort()));
            fuzzGrpc(running);

            HttpResponse<byte[]> stillUp = new HttpSender(running.receiver.httpPort()).post("/v1/traces",
                    "application/x-protobuf", TestTraces.request("svc", 1).toByteArray());
            assertEquals(200, stillUp.statusCode());
            running.traces.clear();
            running.metrics.clear();
            running.logs.clear();
            long growth = usedHeapAfterGc() - heapBefore;
            assertTrue(growth < 64L << 20, "heap grew by " + (growth >> 20) + " MiB");
        }
    }

    private void fuzzHttp(HttpSender http) throws Exception {
        int ok = 0;
        int bad = 0;
        for (int start = 0; start < HTTP_BODIES; start += IN_FLIGHT) {
            List<CompletableFuture<HttpResponse<byte[]>>> inFlight = new ArrayList<>();
            List<Boolean> json = new ArrayList<>();
            for (int i = start; i < Math.min(HTTP_BODIES, start + IN_FLIGHT); i++) {
                int signal = random.nextInt(3);
                boolean asJson = random.nextBoolean();
                byte[] body = asJson ? mutateJson(OtlpJson.encodeToString(seeds.get(signal)))
                        : mutateProtobuf(seeds.get(signal).toByteArray());
                json.add(asJson);
                inFlight.add(http.postAsync(PATHS[signal], asJson ? "application/json" : "application/x-protobuf",
                        body));
            }
            for (int i = 0; i < inFlight.size(); i++) {
                HttpResponse<byte[]> response = inFlight.get(i).get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(400, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
                    assertStatusBody(response.body(), json.get(i));
                    bad++;
                }
            }
        }
        assertTrue(ok > 0 && bad > 0, "the mutations should produce both outcomes: ok=" + ok + " bad=" + bad);
    }

    private static void assertStatusBody(byte[] body, boolean json) throws InvalidProtocolBufferException {
        com.google.rpc.Status status = json
                ? OtlpJson.decode(new String(body, StandardCharsets.UTF_8), com.google.rpc.Status.getDefaultInstance())
                : com.google.rpc.Status.parseFrom(body);
        assertEquals(com.google.rpc.Code.INVALID_ARGUMENT_VALUE, status.getCode());
        assertFalse(status.getMessage().isBlank());
    }

    private void fuzzGrpc(RunningReceiver running) throws Exception {
        ManagedChannel channel = OtlpGrpcReceiverTest.channel(running);
        try {
            List<MethodDescriptor<byte[], byte[]>> methods = new ArrayList<>();
            for (String service : SERVICES) {
                methods.add(MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Export"))
                        .setRequestMarshaller(new OtlpGrpcReceiverTest.RawBytes())
                        .setResponseMarshaller(new OtlpGrpcReceiverTest.RawBytes()).build());
            }
            int ok = 0;
            int bad = 0;
            for (int start = 0; start < GRPC_BODIES; start += IN_FLIGHT) {
                List<CompletableFuture<Status>> inFlight = new ArrayList<>();
                for (int i = start; i < Math.min(GRPC_BODIES, start + IN_FLIGHT); i++) {
                    int signal = random.nextInt(3);
                    byte[] body = mutateProtobuf(seeds.get(signal).toByteArray());
                    inFlight.add(CompletableFuture.supplyAsync(() -> call(channel, methods.get(signal), body)));
                }
                for (CompletableFuture<Status> result : inFlight) {
                    Status status = result.get(30, TimeUnit.SECONDS);
                    if (status.isOk()) {
                        ok++;
                    } else {
                        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
                        assertFalse(status.getDescription().isBlank());
                        bad++;
                    }
                }
            }
            assertTrue(ok > 0 && bad > 0, "the mutations should produce both outcomes: ok=" + ok + " bad=" + bad);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Status call(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, byte[] body) {
        try {
            ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    body);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    private byte[] mutateProtobuf(byte[] valid) {
        switch (random.nextInt(5)) {
            case 0: {
                byte[] noise = new byte[random.nextInt(512)];
                random.nextBytes(noise);
                return noise;
            }
            case 1: {
                byte[] flipped = valid.clone();
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return flipped;
            }
            case 2:
                return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            case 3: {
                byte[] noise = new byte[1 + random.nextInt(16)];
                random.nextBytes(noise);
                int at = random.nextInt(valid.length);
                byte[] out = new byte[valid.length + noise.length];
                System.arraycopy(valid, 0, out, 0, at);
                System.arraycopy(noise, 0, out, at, noise.length);
                System.arraycopy(valid, at, out, at + noise.length, valid.length - at);
                return out;
            }
            default:
                return valid;
        }
    }

    private byte[] mutateJson(String valid) {
        StringBuilder s = new StringBuilder(valid);
        switch (random.nextInt(5)) {
            case 0:
                for (int i = 0, n = 1 + random.nextInt(4); i < n && s.length() > 0; i++) {
                    s.setCharAt(random.nextInt(s.length()), JSON_NOISE.charAt(random.nextInt(JSON_NOISE.length())));
                }
                break;
            case 1:
                s.delete(random.nextInt(s.length()), s.length());
                break;
            case 2: {
                int at = random.nextInt(s.length());
                s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(12)));
                break;
            }
            case 3: {
                byte[] noise = new byte[random.nextInt(256)];
                random.nextBytes(noise);
                return noise;
            }
            default:
                break;
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static ExportTraceServiceRequest traces() {
        return TestTraces.request("fuzz", 4);
    }

    private static ExportMetricsServiceRequest metrics() {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(TestTraces.resource("fuzz")).addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("requests").setSum(Sum.newBuilder().setIsMonotonic(true)
                                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(3).setTimeUnixNano(10))))
                        .addMetrics(Metric.newBuilder().setName("latency").setHistogram(Histogram.newBuilder()
                                .addDataPoints(HistogramDataPoint.newBuilder().setCount(2).setSum(0.5)
                                        .addBucketCounts(1).addBucketCounts(1).addExplicitBounds(0.25))))))
                .build();
    }

    private static ExportLogsServiceRequest logs() {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(TestTraces.resource("fuzz")).addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(5).setSeverityNumber(
                                SeverityNumber.SEVERITY_NUMBER_ERROR).setBody(AnyValue.newBuilder()
                                .setStringValue("disk full")).setTraceId(TestTraces.traceId(9))
                                .setSpanId(TestTraces.spanId(9)))))
                .build();
    }
}
