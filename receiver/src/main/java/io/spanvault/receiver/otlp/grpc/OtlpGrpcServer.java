package io.spanvault.receiver.otlp.grpc;

import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.ProtoUtils;
import io.spanvault.pipeline.admission.Admission;
import io.spanvault.pipeline.auth.ServerAuthenticator;
import io.spanvault.pipeline.compression.ZstdGrpcCodec;
import io.spanvault.pipeline.server.ConnectionSlots;
import io.spanvault.pipeline.server.GrpcKeepalive;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.receiver.otlp.ExportHandler;
import io.spanvault.receiver.otlp.GrpcServerConfig;
import io.spanvault.receiver.otlp.OtlpService;
import io.spanvault.pipeline.tls.ServerTls;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OTLP over gRPC: the {@code Export} method of the trace, metrics and logs services. gzip comes with gRPC, zstd
 * is registered; messages over the configured size (decompressed) are refused by gRPC with RESOURCE_EXHAUSTED
 * before they are parsed, and every call passes admission control before its message is copied or decoded ({@link AdmittedExportCall}).
 * What gRPC buffers before that is bounded by {@code max_concurrent_streams} messages per connection and a
 * fixed HTTP/2 flow-control window. With {@code auth} set, a call without valid credentials is closed
 * UNAUTHENTICATED before any of that ({@link GrpcAuthentication}); TLS certificates are reloaded as the
 * shared {@code tls.reload_interval} says. Calls run on the event loops (gRPC's direct executor); the requests of a
 * signal whose pipeline may block its caller ({@link ExportHandler#blocksCaller}) are handed to the pipeline
 * from threads of the server's own.
 */
public final class OtlpGrpcServer implements AutoCloseable {
    /** grpc-netty's default window, fixed: its automatic tuning would let a fast sender grow it without bound. */
    private static final int FLOW_CONTROL_WINDOW = 1 << 20;

    private final Server server;
    private final String receiverId;
    private final String endpoint;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    /** Threads for the pipelines that may block their caller; null when none does. */
    private final ExecutorService exports;

    /** @param authenticator the {@code auth} extension, or null to take every call */
    public OtlpGrpcServer(GrpcServerConfig config, List<ExportHandler<?, ?>> handlers, String receiverId,
            Admission admission, ServerAuthenticator authenticator) throws IOException {
        this.receiverId = receiverId;
        this.endpoint = config.endpoint().toString();
        ServerLimits limits = config.limits();
        ConnectionSlots slots = new ConnectionSlots(limits.maxConnections());
        GrpcTransport transport = GrpcTransport.available();
        this.boss = transport.eventLoops(1, "otlp-grpc-accept");
        this.workers = transport.eventLoops(0, "otlp-grpc");
        this.exports = handlers.stream().anyMatch(ExportHandler::blocksCaller)
                ? Executors.newCachedThreadPool(new DefaultThreadFactory("otlp-grpc-export", true)) : null;
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(config.endpoint().host(), config.endpoint().port()))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .channelFactory(() -> transport.serverChannel(new ConnectionLimiter(slots)))
                .maxInboundMessageSize(config.maxRecvMsgSizeBytes())
                .decompressorRegistry(ZstdGrpcCodec.decompressors(config.maxRecvMsgSizeBytes()))
                .maxConcurrentCallsPerConnection(config.maxConcurrentStreams())
                .flowControlWindow(FLOW_CONTROL_WINDOW);
        // Calls run on the event loop that read them: no hand-off to an executor thread and back, and no
        // wake-ups for them, per call. A pipeline that may hold its caller gets its requests on `exports`.
        builder.directExecutor();
        if (config.tls() != null) {
            builder.sslContext(sslContext(ServerTls.load(config.tls(), receiverId + "/grpc")));
        }
        if (!limits.readHeaderTimeout().isZero()) {
            builder.handshakeTimeout(limits.readHeaderTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        keepalive(builder, config.keepalive(), limits);
        for (OtlpService<?, ?> service : OtlpService.all()) {
            ServerServiceDefinition definition = definition(service, handlers, admission);
            builder.addService(authenticator == null ? definition
                    : ServerInterceptors.intercept(definition, new GrpcAuthentication(authenticator, receiverId)));
        }
        this.server = builder.build();
    }

    /** Loads the transport (epoll's native library) on a daemon thread, ahead of the first server's start. */
    public static void prepareTransport() {
        Thread prepare = new Thread(GrpcTransport::available, "otlp-grpc-prepare");
        prepare.setDaemon(true);
        prepare.start();
    }

    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            shutdownEventLoops();
            // gRPC says "Failed to bind to address /host:port", the cause why; both in one line
            Throwable why = e.getCause() != null ? e.getCause() : e;
            if (!(why instanceof BindException) && String.valueOf(why.getMessage()).endsWith("Address already in use")) {
                // epoll's native bind says so in an IOException of its own: the same cause as NIO's, for callers
                BindException inUse = new BindException("Address already in use");
                inUse.initCause(e);
                throw new IOException("cannot listen on " + endpoint + ": Address already in use", inUse);
            }
            throw new IOException("cannot listen on " + endpoint + ": " + why.getMessage(), e);
        }
    }

    /** The address the server listens on, with the OS-chosen port when configured with port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    /** The shared {@code keepalive} settings, each left at gRPC's default when unset. */
    private static void keepalive(NettyServerBuilder builder, GrpcKeepalive keepalive, ServerLimits limits) {
        keepalive.maxConnectionIdle(limits.idleTimeout())
                .ifPresent(d -> builder.maxConnectionIdle(d.toNanos(), TimeUnit.NANOSECONDS));
        GrpcKeepalive.ServerParameters server = keepalive.serverParameters();
        if (server.maxConnectionAge() != null) {
            builder.maxConnectionAge(server.maxConnectionAge().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (server.maxConnectionAgeGrace() != null) {
            builder.maxConnectionAgeGrace(server.maxConnectionAgeGrace().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (server.time() != null) {
            builder.keepAliveTime(server.time().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (server.timeout() != null) {
            builder.keepAliveTimeout(server.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        GrpcKeepalive.EnforcementPolicy policy = keepalive.enforcementPolicy();
        if (policy.minTime() != null) {
            builder.permitKeepAliveTime(policy.minTime().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (policy.permitWithoutStream() != null) {
            builder.permitKeepAliveWithoutCalls(policy.permitWithoutStream());
        }
    }

    /** gRPC's own (shaded) netty context over the shared, reloading key and trust managers. */
    private static SslContext sslContext(ServerTls tls) throws IOException {
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keyManager()))
                .protocols(tls.protocols());
        if (tls.cipherSuites() != null) {
            builder.ciphers(tls.cipherSuites());
        }
        if (tls.clientTrust() != null) {
            builder.trustManager(tls.clientTrust()).clientAuth(ClientAuth.REQUIRE);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private <T extends Message, R extends Message> ServerServiceDefinition definition(OtlpService<T, R> service,
            List<ExportHandler<?, ?>> handlers, Admission admission) {
        ExportHandler<T, R> handler = (ExportHandler<T, R>) handlers.stream()
                .filter(h -> h.service() == service).findFirst().orElse(null);
        MethodDescriptor<WireRequest, R> method = MethodDescriptor.<WireRequest, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(exportMethod(service))
                .setRequestMarshaller(new RequestMarshaller())
                .setResponseMarshaller(ProtoUtils.marshaller(service.responsePrototype()))
                .build();
        ServerCallHandler<WireRequest, R> call = handler != null
                ? new AdmittedExportCall<>(handler, admission, handler.blocksCaller() ? exports : null)
                : unimplemented(service);
        return ServerServiceDefinition.builder(service.grpcServiceName()).addMethod(method, call).build();
    }

    private static String exportMethod(OtlpService<?, ?> service) {
        return MethodDescriptor.generateFullMethodName(service.grpcServiceName(), "Export");
    }

    private <R> ServerCallHandler<WireRequest, R> unimplemented(OtlpService<?, ?> service) {
        return (call, headers) -> {
            call.close(Status.UNIMPLEMENTED.withDescription("receiver " + receiverId + " is in no "
                    + service.signal().name() + " pipeline"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        };
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
        shutdownEventLoops();
    }

    private void shutdownEventLoops() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (exports != null) {
            exports.shutdown();
        }
    }
}
