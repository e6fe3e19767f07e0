package io.spanvault.receiver.zipkin;

import io.spanvault.pipeline.server.ServerSecurity;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.admission.Admission;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.Receiver;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.otlp.SpanWindowSource;
import io.spanvault.pipeline.server.SharedQueryRoutes;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.receiver.http.IngestHttpServer;
import io.spanvault.receiver.http.IngestRoute;
import io.spanvault.receiver.otlp.ExportHandler;
import io.spanvault.receiver.otlp.OtlpService;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code zipkin} receiver: Zipkin's span APIs over HTTP, translated to OTLP traces. It shares the OTLP/HTTP
 * receiver's server, so body limits, gzip, admission control (429), back-pressure (503 + Retry-After), listener
 * limits and draining behave the same. With a query extension in the service, the port also answers Zipkin's
 * v2 query API and Lens, as a Zipkin server does.
 */
public final class ZipkinReceiver implements Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(ZipkinReceiver.class);

    private final ComponentContext context;
    private final ZipkinReceiverConfig config;
    private final ReceiverConsumers consumers;
    private IngestHttpServer server;

    public ZipkinReceiver(ComponentContext context, ZipkinReceiverConfig config, ReceiverConsumers consumers) {
        this.context = context;
        this.config = config;
        this.consumers = consumers;
    }

    @Override
    public void start(Host host) throws Exception {
        String id = context.id().toString();
        // unit tests start receivers without a host
        List<SpanWindowSource> windows = host == null ? List.of()
                : host.exportersFedBy(context.id(), Signal.TRACES, SpanWindowSource.class);
        ExportHandler<ExportTraceServiceRequest, ExportTraceServiceResponse> handler = consumers.get(Signal.TRACES)
                .map(consumer -> new ExportHandler<>(OtlpService.TRACES, consumer, context.telemetry(), id, "http",
                        windows))
                .orElse(null);
        ZipkinToOtlp translator = new ZipkinToOtlp(config.parseStringTags());
        Map<String, IngestRoute> routes = new LinkedHashMap<>();
        routes.put("/api/v2/spans", ZipkinHttpRoute.v2(handler, translator));
        routes.put("/api/v1/spans", ZipkinHttpRoute.v1(handler, translator));
        server = new IngestHttpServer(config.endpoint(), config.maxRequestBodySize(),
                ServerSecurity.resolve(id, host, config.tls(), config.cors(), config.auth()), config.limits(),
                new Admission(config.admission()), routes, id, id, "zipkin");
        List<SharedQueryRoutes> queries = host == null ? List.of()
                : host.components(ComponentKind.EXTENSION, SharedQueryRoutes.class);
        if (!queries.isEmpty()) {
            server.alsoServe(queries.get(0));
        }
        server.start();
        InetSocketAddress address = server.address();
        LOG.info("receiver {} listens for Zipkin on {}:{}{}", id, address.getHostString(), address.getPort(),
                queries.isEmpty() ? "" : ", with Zipkin's query API and Lens");
    }

    /** The port the server is bound to (the OS-chosen one when configured with port 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("receiver " + context.id() + " is not started");
        }
        return server.address().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
