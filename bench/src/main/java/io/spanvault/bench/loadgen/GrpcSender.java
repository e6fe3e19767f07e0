package io.spanvault.bench.loadgen;

import io.grpc.CallOptions;
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
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP/gRPC; the request bytes go out as they are. Each exporter an SDK runs has a connection of its own, so
 * requests go round the given number of connections (HTTP/2 channels) as {@code concurrency} exporters'
 * would, spreading over the server's event loops as they do.
 */
public final class GrpcSender implements OtlpSender {
    /** The OTLP trace export method, with requests as pre-encoded bytes. */
    static final MethodDescriptor<byte[], byte[]> EXPORT = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
            .setRequestMarshaller(new BytesMarshaller()).setResponseMarshaller(new BytesMarshaller()).build();

    private final ManagedChannel[] channels;
    private final AtomicLong sent = new AtomicLong();

    public GrpcSender(Endpoint endpoint, int connections) {
        this(endpoint, connections, null, null);
    }

    /** With an {@code Authorization} header on every call and TLS trusting {@code caFile}, each when not null. */
    GrpcSender(Endpoint endpoint, int connections, String authorization, String caFile) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
                .maxInboundMessageSize(4 << 20);
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
    public CompletionStage<Long> send(byte[] request) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        ManagedChannel channel = channels[(int) (sent.getAndIncrement() % channels.length)];
        ClientCalls.asyncUnaryCall(channel.newCall(EXPORT, CallOptions.DEFAULT), request, new StreamObserver<>() {
            @Override
            public void onNext(byte[] response) {
                try {
                    result.complete(ExportTraceServiceResponse.parseFrom(response).getPartialSuccess().getRejectedSpans());
                } catch (IOException e) {
                    result.completeExceptionally(new RefusedException("bad response", e));
                }
            }

            @Override
            public void onError(Throwable t) {
                String reason = t instanceof StatusRuntimeException s ? s.getStatus().getCode().name() : t.toString();
                result.completeExceptionally(new RefusedException(reason, t));
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
