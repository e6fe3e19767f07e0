package io.spanvault.receiver.otlp.grpc;

import com.google.protobuf.Message;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.receiver.otlp.ExportHandler;
import io.spanvault.receiver.otlp.GrpcServerConfig;
import io.spanvault.receiver.otlp.OtlpService;
import io.spanvault.receiver.otlp.TlsServerConfig;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OTLP over gRPC: the {@code Export} method of the trace, metrics and logs services. gzip comes with gRPC;
 * messages over the configured size are refused by gRPC with RESOURCE_EXHAUSTED before they are parsed.
 */
public final class OtlpGrpcServer implements AutoCloseable {
    private final Server server;
    private final String receiverId;

    public OtlpGrpcServer(GrpcServerConfig config, List<ExportHandler<?, ?>> handlers, String receiverId)
            throws IOException {
        this.receiverId = receiverId;
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(config.endpoint().host(), config.endpoint().port()),
                        credentials(config.tls()))
                .maxInboundMessageSize(config.maxRecvMsgSizeBytes());
        for (OtlpService<?, ?> service : OtlpService.all()) {
            builder.addService(definition(service, handlers));
        }
        this.server = builder.build();
    }

    public void start() throws IOException {
        server.start();
    }

    /** The address the server listens on, with the OS-chosen port when configured with port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    private static ServerCredentials credentials(TlsServerConfig tls) throws IOException {
        if (tls == null) {
            return InsecureServerCredentials.create();
        }
        TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder()
                .keyManager(new File(tls.certFile()), new File(tls.keyFile()));
        if (tls.requiresClientCertificate()) {
            builder.trustManager(new File(tls.clientCaFile())).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private <T extends Message, R extends Message> ServerServiceDefinition definition(OtlpService<T, R> service,
            List<ExportHandler<?, ?>> handlers) {
        ExportHandler<T, R> handler = (ExportHandler<T, R>) handlers.stream()
                .filter(h -> h.service() == service).findFirst().orElse(null);
        MethodDescriptor<DecodedRequest<T>, R> method = MethodDescriptor.<DecodedRequest<T>, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service.grpcServiceName(), "Export"))
                .setRequestMarshaller(new RequestMarshaller<>(service.requestPrototype()))
                .setResponseMarshaller(ProtoUtils.marshaller(service.responsePrototype()))
                .build();
        return ServerServiceDefinition.builder(service.grpcServiceName())
                .addMethod(method, ServerCalls.asyncUnaryCall((request, observer) ->
                        export(service, handler, request, observer)))
                .build();
    }

    private <T extends Message, R extends Message> void export(OtlpService<T, R> service, ExportHandler<T, R> handler,
            DecodedRequest<T> request, StreamObserver<R> observer) {
        if (handler == null) {
            observer.onError(Status.UNIMPLEMENTED.withDescription("receiver " + receiverId + " is in no "
                    + service.signal().name() + " pipeline").asRuntimeException());
            return;
        }
        if (request.message() == null) {
            observer.onError(request.failure().asRuntimeException());
            return;
        }
        handler.export(request.message()).whenComplete((response, failure) -> {
            if (failure != null) {
                observer.onError(GrpcStatuses.of(ConsumerException.of(failure)));
            } else {
                observer.onNext(response);
                observer.onCompleted();
            }
        });
    }

    /** Refuses new calls; the calls in flight go on and are answered. */
    public void stopAccepting() {
        server.shutdown();
    }

    /** Stops taking calls and waits briefly for the ones in flight, whose data the pipeline already holds. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
