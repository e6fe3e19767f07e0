package io.spanvault.exporter.otlpgrpc;

import io.spanvault.pipeline.auth.Authenticators;
import io.spanvault.pipeline.auth.ClientAuthenticator;
import io.spanvault.pipeline.component.Host;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.spanvault.exporter.otlpclient.ClientTls;
import io.spanvault.exporter.otlpclient.Compression;
import io.spanvault.exporter.otlpclient.OtlpService;
import io.spanvault.exporter.otlpclient.PartialSuccessLog;
import io.spanvault.exporter.sending.SendingExporter;
import io.spanvault.pipeline.compression.ZstdGrpcCodec;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** Sends one export request over OTLP/gRPC and classifies the answer as the collector's otlpexporter does. */
final class GrpcExportClient<T extends Message> implements SendingExporter.Client<T> {
    /** Codes the collector retries; RESOURCE_EXHAUSTED only when the server sent RetryInfo. */
    private static final Set<Status.Code> RETRYABLE = EnumSet.of(Status.Code.CANCELLED,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED, Status.Code.OUT_OF_RANGE, Status.Code.UNAVAILABLE,
            Status.Code.DATA_LOSS);

    private final OtlpGrpcExporterConfig config;
    private final String exporter;
    private final MethodDescriptor<T, Message> method;
    private final OtlpService<T> service;
    private final PartialSuccessLog partialSuccess;
    private ManagedChannel channel;

    GrpcExportClient(OtlpGrpcExporterConfig config, Signal<T> signal, String exporter,
            PartialSuccessLog partialSuccess) {
        this.config = config;
        this.exporter = exporter;
        this.service = OtlpService.of(signal);
        this.partialSuccess = partialSuccess;
        T prototype = signal.defaultInstance();
        this.method = MethodDescriptor.<T, Message>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(service.grpcMethod())
                .setRequestMarshaller(ProtoUtils.marshaller(prototype))
                .setResponseMarshaller(ProtoUtils.marshaller(service.responsePrototype()))
                .build();
    }

    @Override
    public void start(Host host) throws SSLException {
        Endpoint address = config.address();
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.host(), address.port())
                .userAgent("spanvault")
                .compressorRegistry(ZstdGrpcCodec.compressors());
        if (config.plaintext()) {
            builder.usePlaintext();
        } else {
            ClientTls tls = ClientTls.load(config.tls());
            SslContextBuilder ssl = GrpcSslContexts.forClient();
            if (tls.trustManagers() != null) {
                ssl.trustManager(tls.trustManagers()[0]);
            }
            if (tls.keyManagers() != null) {
                ssl.keyManager(tls.keyManagers());
            }
            builder.sslContext(ssl.build());
            if (config.tls().serverNameOverride() != null) {
                builder.overrideAuthority(config.tls().serverNameOverride());
            }
        }
        if (!config.headers().isEmpty()) {
            Metadata headers = new Metadata();
            config.headers().forEach((k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        ClientAuthenticator auth = Authenticators.client(host, config.auth());
        if (auth != null) {
            builder.intercept(new AuthHeaders(auth));
        }
        channel = builder.build();
    }

    @Override
    public CompletionStage<Void> send(T request) {
        // gRPC's own reconnect back-off grows to minutes and fails calls fast meanwhile; retry_on_failure
        // already paces the attempts, so each attempt may dial again.
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            channel.resetConnectBackoff();
        }
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
        if (config.compressionType() != Compression.NONE) {
            options = options.withCompression(config.compressionType().configValue());
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(method, options), request, new StreamObserver<>() {
            @Override
            public void onNext(Message response) {
                partialSuccess.record(service.partialSuccess(response));
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(classify(t));
            }

            @Override
            public void onCompleted() {
                result.complete(null);
            }
        });
        return result;
    }

    private ConsumerException classify(Throwable t) {
        Status status = Status.fromThrowable(t);
        Duration retryDelay = retryDelay(t);
        String message = "exporter " + exporter + ": " + config.endpoint() + " answered " + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription());
        boolean retryable = RETRYABLE.contains(status.getCode())
                || (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && retryDelay != null);
        return retryable ? new RetryableException(message, retryDelay, t) : new PermanentException(message, t);
    }

    /** The server's RetryInfo delay, if the status details carry one (a zero delay counts as present). */
    private static Duration retryDelay(Throwable t) {
        com.google.rpc.Status details = StatusProto.fromThrowable(t);
        if (details == null) {
            return null;
        }
        for (Any detail : details.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                try {
                    com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
                    return Duration.ofSeconds(d.getSeconds(), d.getNanos());
                } catch (InvalidProtocolBufferException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
    }
}
