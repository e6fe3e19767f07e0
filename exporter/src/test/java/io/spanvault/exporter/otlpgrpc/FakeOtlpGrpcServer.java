package io.spanvault.exporter.otlpgrpc;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanvault.pipeline.compression.ZstdGrpcCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real OTLP/gRPC trace endpoint on loopback that answers with scripted statuses (then OK once the script
 * runs out), recording when each call arrived and its headers.
 */
final class FakeOtlpGrpcServer implements AutoCloseable {
    private final Deque<Consumer<StreamObserver<ExportTraceServiceResponse>>> script = new ArrayDeque<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final List<Metadata> headers = new ArrayList<>();
    private final List<ExportTraceServiceRequest> received = new ArrayList<>();
    private final Server server;

    FakeOtlpGrpcServer() throws IOException {
        this(null);
    }

    /** With {@code tls} set, the server speaks TLS only. */
    FakeOtlpGrpcServer(io.grpc.netty.shaded.io.netty.handler.ssl.SslContext tls) throws IOException {
        ServerInterceptor captureHeaders = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
                    ServerCallHandler<Q, R> next) {
                synchronized (FakeOtlpGrpcServer.this) {
                    headers.add(metadata);
                }
                return next.startCall(call, metadata);
            }
        };
        TraceServiceGrpc.TraceServiceImplBase service = new TraceServiceGrpc.TraceServiceImplBase() {
            @Override
            public void export(ExportTraceServiceRequest request,
                    StreamObserver<ExportTraceServiceResponse> observer) {
                Consumer<StreamObserver<ExportTraceServiceResponse>> answer;
                synchronized (FakeOtlpGrpcServer.this) {
                    arrivals.add(System.nanoTime());
                    received.add(request);
                    answer = script.pollFirst();
                    FakeOtlpGrpcServer.this.notifyAll();
                }
                if (answer == null) {
                    observer.onNext(ExportTraceServiceResponse.getDefaultInstance());
                    observer.onCompleted();
                } else {
                    answer.accept(observer);
                }
            }
        };
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .decompressorRegistry(ZstdGrpcCodec.decompressors(4 << 20))
                .addService(ServerInterceptors.intercept(service, captureHeaders));
        if (tls != null) {
            builder.sslContext(tls);
        }
        server = builder.build().start();
    }

    String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    synchronized FakeOtlpGrpcServer thenFail(Status.Code code) {
        script.addLast(o -> o.onError(Status.fromCode(code).withDescription("scripted " + code).asRuntimeException()));
        return this;
    }

    synchronized FakeOtlpGrpcServer thenFailWithRetryInfo(Status.Code code, Duration delay) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(code.value())
                .setMessage("scripted " + code + " with RetryInfo")
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(delay.getSeconds()).setNanos(delay.getNano())).build()))
                .build();
        script.addLast(o -> o.onError(StatusProto.toStatusRuntimeException(status)));
        return this;
    }

    synchronized FakeOtlpGrpcServer thenPartialSuccess(long rejected, String message) {
        script.addLast(o -> {
            o.onNext(ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejected).setErrorMessage(message)).build());
            o.onCompleted();
        });
        return this;
    }

    /** Answers every call from now on with {@code code}. */
    synchronized void alwaysFail(Status.Code code) {
        for (int i = 0; i < 10_000; i++) {
            thenFail(code);
        }
    }

    synchronized int calls() {
        return arrivals.size();
    }

    synchronized List<Long> arrivals() {
        return new ArrayList<>(arrivals);
    }

    synchronized List<Metadata> headers() {
        return new ArrayList<>(headers);
    }

    synchronized List<ExportTraceServiceRequest> received() {
        return new ArrayList<>(received);
    }

    synchronized void awaitCalls(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (arrivals.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " calls, got " + arrivals.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
