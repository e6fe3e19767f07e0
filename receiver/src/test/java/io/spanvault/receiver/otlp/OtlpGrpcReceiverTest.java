package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.spanvault.pipeline.compression.ZstdGrpcCodec;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** OTLP/gRPC status codes, as the collector answers them (see ARCHITECTURE.md). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpGrpcReceiverTest {
    private RunningReceiver running;
    private ManagedChannel channel;
    private TraceServiceGrpc.TraceServiceBlockingStub traces;

    @BeforeAll
    void start() throws Exception {
        running = RunningReceiver.start(RunningReceiver.grpc(1), null);
        channel = channel(running);
    }

    @AfterAll
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        running.close();
    }

    @BeforeEach
    void reset() {
        // a deadline is a point in time: one stub per test, or the class's later tests inherit a spent one
        traces = TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        running.traces.clear();
        running.traces.answerWith(data -> CompletableFuture.completedFuture(null));
    }

    static ManagedChannel channel(RunningReceiver running) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", running.receiver.grpcPort(),
                InsecureChannelCredentials.create()).build();
    }

    @Test
    void acceptedRequestsAreForwardedWithAndWithoutGzip() {
        ExportTraceServiceRequest request = TestTraces.request("svc", 3);
        long before = running.counter("otelcol_receiver_accepted_spans", "grpc");

        assertEquals(ExportTraceServiceResponse.getDefaultInstance(), traces.export(request));
        assertEquals(ExportTraceServiceResponse.getDefaultInstance(), traces.withCompression("gzip").export(request));

        assertEquals(List.of(request, request), running.traces.received());
        assertEquals(before + 6, running.counter("otelcol_receiver_accepted_spans", "grpc"));
    }

    @Test
    void aCompressedRequestInflatingPastSeveralReadBuffersIsDecodedWhole() {
        ExportTraceServiceRequest request = TestTraces.request("svc", 3_000);
        assertTrue(request.getSerializedSize() > 100_000, "larger than the first buffers it is inflated into");

        assertEquals(ExportTraceServiceResponse.getDefaultInstance(), traces.withCompression("gzip").export(request));

        assertEquals(List.of(request), running.traces.received());
    }

    @Test
    void zstdMessagesAreAcceptedAndTheLimitAppliesToTheirDecompressedSize() throws Exception {
        ManagedChannel zstdChannel = Grpc.newChannelBuilderForAddress("127.0.0.1", running.receiver.grpcPort(),
                InsecureChannelCredentials.create()).compressorRegistry(ZstdGrpcCodec.compressors()).build();
        try {
            TraceServiceGrpc.TraceServiceBlockingStub zstd = TraceServiceGrpc.newBlockingStub(zstdChannel)
                    .withCompression(ZstdGrpcCodec.ENCODING).withDeadlineAfter(10, TimeUnit.SECONDS);
            ExportTraceServiceRequest request = TestTraces.request("svc", 3);

            assertEquals(ExportTraceServiceResponse.getDefaultInstance(), zstd.export(request));
            StatusRuntimeException bomb = assertThrows(StatusRuntimeException.class, () -> zstd.export(oversized()));

            assertEquals(Status.Code.RESOURCE_EXHAUSTED, bomb.getStatus().getCode());
            assertEquals(List.of(request), running.traces.received());
        } finally {
            zstdChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ExportTraceServiceRequest oversized() {
        return TestTraces.request("svc", 1).toBuilder()
                .setResourceSpans(0, TestTraces.request("svc", 1).getResourceSpans(0).toBuilder()
                        .setResource(TestTraces.resource("svc").toBuilder().addAttributes(KeyValue.newBuilder()
                                .setKey("blob").setValue(AnyValue.newBuilder().setStringValue("x".repeat(2 << 20))))))
                .build();
    }

    @Test
    void oneBadSpanIsAPartialSuccess() {
        ExportTraceServiceRequest valid = TestTraces.request("svc", 2);
        var scope = valid.getResourceSpans(0).getScopeSpans(0).toBuilder();
        scope.setSpans(0, scope.getSpans(0).toBuilder().setName("short").setSpanId(ByteString.copyFrom(new byte[4])));
        ExportTraceServiceRequest request = valid.toBuilder()
                .setResourceSpans(0, valid.getResourceSpans(0).toBuilder().setScopeSpans(0, scope)).build();

        var partial = traces.export(request).getPartialSuccess();

        assertEquals(1, partial.getRejectedSpans());
        assertTrue(partial.getErrorMessage().contains("'short': span_id must be 8 bytes, got 4"),
                partial.getErrorMessage());
        assertEquals(1, running.traces.itemCount());
    }

    @Test
    void undecodableMessageIsInvalidArgument() {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
                .setRequestMarshaller(new RawBytes()).setResponseMarshaller(new RawBytes()).build();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                new byte[] {0x0a, (byte) 0xff, 0x01}));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("not a valid protobuf"), e.getStatus().getDescription());
        assertTrue(running.traces.received().isEmpty());
    }

    @Test
    void oversizedMessageIsResourceExhaustedAlsoWhenItIsSmallCompressed() {
        ExportTraceServiceRequest big = TestTraces.request("svc", 1).toBuilder()
                .setResourceSpans(0, TestTraces.request("svc", 1).getResourceSpans(0).toBuilder()
                        .setResource(TestTraces.resource("svc").toBuilder().addAttributes(KeyValue.newBuilder()
                                .setKey("blob").setValue(AnyValue.newBuilder().setStringValue("x".repeat(2 << 20))))))
                .build();

        StatusRuntimeException plain = assertThrows(StatusRuntimeException.class, () -> traces.export(big));
        StatusRuntimeException gzipBomb = assertThrows(StatusRuntimeException.class,
                () -> traces.withCompression("gzip").export(big));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, plain.getStatus().getCode());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, gzipBomb.getStatus().getCode(),
                "the limit applies to the decompressed size");
        assertTrue(running.traces.received().isEmpty());
    }

    @Test
    void outageIsUnavailableWithRetryInfo() throws Exception {
        running.traces.answerWith(data -> CompletableFuture.failedFuture(
                new RetryableException("exporter is down", Duration.ofSeconds(3))));
        long refusedBefore = running.counter("otelcol_receiver_refused_spans", "grpc");

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> traces.export(TestTraces.request("svc", 1)));

        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("exporter is down", e.getStatus().getDescription());
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        RetryInfo retry = details.getDetails(0).unpack(RetryInfo.class);
        assertEquals(3, retry.getRetryDelay().getSeconds());
        assertEquals(refusedBefore + 1, running.counter("otelcol_receiver_refused_spans", "grpc"));
    }

    @Test
    void throttlingIsResourceExhaustedWithRetryInfo() throws Exception {
        running.traces.answerWith(data -> CompletableFuture.failedFuture(
                RetryableException.throttled("sending queue is full", Duration.ofSeconds(2))));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> traces.export(TestTraces.request("svc", 1)));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals("sending queue is full", e.getStatus().getDescription());
        RetryInfo retry = StatusProto.fromThrowable(e).getDetails(0).unpack(RetryInfo.class);
        assertEquals(2, retry.getRetryDelay().getSeconds(), "RetryInfo makes RESOURCE_EXHAUSTED retryable");
    }

    @Test
    void permanentRefusalIsInvalidArgument() {
        running.traces.answerWith(data -> CompletableFuture.failedFuture(new PermanentException("unknown tenant")));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> traces.export(TestTraces.request("svc", 1)));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("unknown tenant", e.getStatus().getDescription());
    }

    @Test
    void theClientIsAnsweredOnlyAfterThePipelineAccepted() throws Exception {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        running.traces.answerWith(data -> accepted);

        var response = TraceServiceGrpc.newFutureStub(channel).export(TestTraces.request("svc", 1));
        running.traces.awaitItems(1, Duration.ofSeconds(5));
        assertThrows(TimeoutException.class, () -> response.get(200, TimeUnit.MILLISECONDS));
        assertFalse(response.isDone());

        accepted.complete(null);
        assertEquals(ExportTraceServiceResponse.getDefaultInstance(), response.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aSignalWithoutPipelineIsUnimplemented() throws Exception {
        try (RunningReceiver noLogs = RunningReceiver.startWithoutLogs()) {
            ManagedChannel other = channel(noLogs);
            try {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> LogsServiceGrpc
                        .newBlockingStub(other).export(ExportLogsServiceRequest.getDefaultInstance()));
                assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
                assertTrue(e.getStatus().getDescription().contains("no logs pipeline"));
            } finally {
                other.shutdownNow();
            }
        }
    }

    /** Sends bytes as they are, to put a body on the wire that is not a protobuf message. */
    static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
