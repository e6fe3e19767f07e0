package io.spanvault.receiver.otlp;

import com.google.protobuf.Message;
import io.spanvault.pipeline.admission.Admission;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.Receiver;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.otlp.SpanWindowSource;
import io.spanvault.pipeline.auth.Authenticators;
import io.spanvault.pipeline.server.ServerSecurity;
import io.spanvault.receiver.otlp.grpc.OtlpGrpcServer;
import io.spanvault.receiver.http.IngestHttpServer;
import io.spanvault.receiver.otlp.http.OtlpHttpRoute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code otlp} receiver: OTLP over gRPC and over HTTP, each when configured, for every signal that has
 * a pipeline using this receiver. A signal without one is answered UNIMPLEMENTED / 404.
 */
public final class OtlpReceiver implements Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiver.class);

    private final OtlpReceiverConfig config;
    private final ComponentContext context;
    private final ReceiverConsumers consumers;
    private OtlpGrpcServer grpc;
    private IngestHttpServer http;

    public OtlpReceiver(ComponentContext context, OtlpReceiverConfig config, ReceiverConsumers consumers) {
        config.protocols().requireOne();
        this.config = config;
        this.context = context;
        this.consumers = consumers;
    }

    /** gRPC's transport loads its native epoll library as it is first used; that need not wait for our turn. */
    @Override
    public void prepare() {
        if (config.protocols().grpc() != null) {
            OtlpGrpcServer.prepareTransport();
        }
    }

    @Override
    public void start(Host host) throws Exception {
        String id = context.id().toString();
        Admission admission = new Admission(config.admission());
        try {
            if (config.protocols().grpc() != null) {
                GrpcServerConfig settings = config.protocols().grpc();
                grpc = new OtlpGrpcServer(settings, handlers("grpc", host), id, admission,
                        Authenticators.server(host, settings.auth()));
                grpc.start();
                LOG.info("receiver {} listens for OTLP/gRPC on {}", id, describe(grpc.address()));
            }
            if (config.protocols().http() != null) {
                HttpServerConfig settings = config.protocols().http();
                http = new IngestHttpServer(settings.endpoint(), settings.maxRequestBodySize(),
                        ServerSecurity.resolve(id + "/http", host, settings.tls(), settings.cors(), settings.auth()),
                        settings.limits(), admission,
                        OtlpHttpRoute.all(settings, handlers("http", host)), id, id + "/http", "otlp-http");
                http.start();
                LOG.info("receiver {} listens for OTLP/HTTP on {}", id, describe(http.address()));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The port the gRPC server is bound to (the OS-chosen one when configured with port 0). */
    public int grpcPort() {
        if (grpc == null) {
            throw new IllegalStateException("receiver " + context.id() + " serves no gRPC or is not started");
        }
        return grpc.address().getPort();
    }

    /** The port the HTTP server is bound to (the OS-chosen one when configured with port 0). */
    public int httpPort() {
        if (http == null) {
            throw new IllegalStateException("receiver " + context.id() + " serves no HTTP or is not started");
        }
        return http.address().getPort();
    }

    private List<ExportHandler<?, ?>> handlers(String transport, Host host) {
        List<ExportHandler<?, ?>> handlers = new ArrayList<>();
        for (OtlpService<?, ?> service : OtlpService.all()) {
            addHandler(handlers, service, transport, host);
        }
        return handlers;
    }

    private <T extends Message, R extends Message> void addHandler(List<ExportHandler<?, ?>> handlers,
            OtlpService<T, R> service, String transport, Host host) {
        // unit tests start receivers without a host
        List<SpanWindowSource> windows = host == null ? List.of()
                : host.exportersFedBy(context.id(), service.signal(), SpanWindowSource.class);
        consumers.get(service.signal()).ifPresent(consumer -> handlers.add(new ExportHandler<>(service, consumer,
                context.telemetry(), context.id().toString(), transport, windows)));
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void stopAccepting() {
        if (grpc != null) {
            grpc.stopAccepting();
        }
        if (http != null) {
            http.stopAccepting();
        }
    }

    @Override
    public void close() {
        if (grpc != null) {
            grpc.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
