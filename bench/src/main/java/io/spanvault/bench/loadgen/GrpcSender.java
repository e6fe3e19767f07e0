package io.spanvault.bench.loadgen;

import io.grpc.CallOptions;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.config.Endpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP/gRPC; the request bytes go out as they are, through a byte-array marshaller that hands gRPC their
 * length and drains them in one copy into its frame. Each exporter an SDK runs has a connection of its own:
 * exporter {@code i} uses channel {@code i} of the given number (HTTP/2 connections), spreading over the
 * server's event loops as SDKs do. Channels run gRPC's callbacks on their event loops (direct executor): a
 * {@link #connect connection}'s blocking call runs them on the exporter's own thread, and its
 * {@link AsyncExportConnection#send send} on the event loop, so no executor thread is woken per call.
 */
public final class GrpcSender implements OtlpSender {
    /** The OTLP trace export method, with requests as pre-encoded bytes. */
    static final MethodDescriptor<byte[], byte[]> EXPORT = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
            .setRequestMarshaller(new BytesMarshaller()).setResponseMarshaller(new BytesMarshaller()).build();

    /** Longer than any answer of a live server; a server that never answers fails the request, not the run. */
    private static final long CALL_DEADLINE_SECONDS = 30;

    private final ManagedChannel[] channels;
    private final CallOptions callOptions;
    private final AtomicLong sent = new AtomicLong();

    public GrpcSender(Endpoint endpoint, int connections) {
        this(endpoint, connections, null, null, LoadOptions.Compression.NONE);
    }

    /**
     * With an {@code Authorization} header on every call and TLS trusting {@code caFile}, each when not null, and
     * messages compressed as {@code compression} says.
     */
    GrpcSender(Endpoint endpoint, int connections, String authorization, String caFile,
            LoadOptions.Compression compression) {
        this.callOptions = compression == LoadOptions.Compression.GZIP ? CallOptions.DEFAULT.withCompression("gzip")
                : CallOptions.DEFAULT;
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
                .maxInboundMessageSize(4 << 20).directExecutor();
        if (caFile == null) {
            builder.usePlaintext();
        } else {
            try {
                builder.sslContext(io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient()
                        .trustManager(new java.io.File(caFile)).build());
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalArgumentException("--ca-file " + caFile + ": " + e.getMessage(), e);
            }
        }
        if (authorization != null) {
            io.grpc.Metadata headers = new io.grpc.Metadata();
            headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                    authorization);
            builder.intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.channels = new ManagedChannel[connections];
        for (int i = 0; i < connections; i++) {
            channels[i] = builder.build();
        }
    }

    @Override
    public ExportConnection connect(int exporter, EncodedRequests requests) {
        ManagedChannel channel = channels[exporter % channels.length];
        byte[] request = new byte[requests.size()];
        requests.copyTo(request, 0);
        return new AsyncExportConnection() {
            @Override
            public long export(long sequence) {
                requests.stamp(request, 0, sequence);
                byte[] response;
                try {
                    // gRPC has copied the request into its frame once the call returns, so the buffer is reused
                    response = ClientCalls.blockingUnaryCall(channel, EXPORT,
                            callOptions.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS), request);
                } catch (StatusRuntimeException e) {
                    throw refusal(e);
                }
                return rejectedSpans(response);
            }

            @Override
            public void send(long sequence, Answer answer) {
                requests.stamp(request, 0, sequence);
                // as in export, gRPC has copied the request into its frame once the call is started
                ClientCalls.asyncUnaryCall(channel.newCall(EXPORT,
                        callOptions.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)), request,
                        new StreamObserver<>() {
                            private byte[] response = new byte[0];

                            @Override
                            public void onNext(byte[] value) {
                                response = value;
                            }

                            @Override
                            public void onError(Throwable t) {
                                answer.refused(refusal(t));
                            }

                            @Override
                            public void onCompleted() {
                                long rejected;
                                try {
                                    rejected = rejectedSpans(response);
                                } catch (RefusedException e) {
                                    answer.refused(e);
                                    return;
                                }
                                answer.answered(rejected);
                            }
                        });
            }

            @Override
            public void close() {
                // the channel is shared by exporters and closed with the sender
            }
        };
    }

    private static RefusedException refusal(Throwable t) {
        String reason = t instanceof StatusRuntimeException s ? s.getStatus().getCode().name() : t.toString();
        return new RefusedException(reason, t);
    }

    private static long rejectedSpans(byte[] response) {
        if (response.length == 0) {
            return 0;
        }
        try {
            return ExportTraceServiceResponse.parseFrom(response).getPartialSuccess().getRejectedSpans();
        } catch (IOException e) {
            throw new RefusedException("bad response", e);
        }
    }

    /** Sends without waiting: completes with the rejected spans, or with a {@link RefusedException}. */
    public CompletionStage<Long> send(byte[] request) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        ManagedChannel channel = channels[(int) (sent.getAndIncrement() % channels.length)];
        ClientCalls.asyncUnaryCall(channel.newCall(EXPORT, callOptions), request, new StreamObserver<>() {
            @Override
            public void onNext(byte[] response) {
                try {
                    result.complete(rejectedSpans(response));
                } catch (RefusedException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(refusal(t));
            }

            @Override
            public void onCompleted() {
                result.complete(0L);
            }
        });
        return result;
    }

    @Override
    public void close() {
        for (ManagedChannel channel : channels) {
            channel.shutdown();
        }
        try {
            for (ManagedChannel channel : channels) {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes bytes through gRPC unchanged. */
    static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new KnownLengthStream(value);
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

    /**
     * A message whose length gRPC reads up front and whose bytes it drains in one write into its frame, instead
     * of reading an unknown-length stream through a chain of buffers.
     */
    private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength, Drainable {
        KnownLengthStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
