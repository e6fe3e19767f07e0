package io.spanvault.exporter.loadbalancing;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.exporter.otlpgrpc.OtlpGrpcExporterConfig;
import io.spanvault.exporter.otlpgrpc.OtlpGrpcExporterFactory;
import io.spanvault.exporter.sending.SendingExporter;
import io.spanvault.exporter.sending.SendingMetrics;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code loadbalancing}: routes spans by trace id or service to backends found by a static list or DNS. Each
 * backend gets an OTLP/gRPC exporter of its own, id {@code loadbalancing[/name]} with the endpoint appended
 * to the name, so its {@code otelcol_exporter_*} series and persistent queue directory are its own.
 */
public final class LoadBalancingExporterFactory implements ExporterFactory<LoadBalancingExporterConfig> {
    private final HostLookup lookup;

    public LoadBalancingExporterFactory() {
        this(HostLookup.SYSTEM);
    }

    /** With another DNS lookup, for tests that change the answer in process. */
    public LoadBalancingExporterFactory(HostLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public String type() {
        return "loadbalancing";
    }

    @Override
    public Class<LoadBalancingExporterConfig> configType() {
        return LoadBalancingExporterConfig.class;
    }

    @Override
    public LoadBalancingExporterConfig defaultConfig() {
        return new LoadBalancingExporterConfig(null, null, null);
    }

    @Override
    public List<Signal<?>> signals() {
        return List.of(Signal.TRACES);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Message> Exporter<T> create(ComponentContext context, LoadBalancingExporterConfig config,
            Signal<T> signal) {
        if (signal != Signal.TRACES) {
            throw new IllegalArgumentException("the loadbalancing exporter handles only traces");
        }
        try {
            config.requireResolver();
        } catch (InvalidConfigException e) {
            throw e.under(context.kind().section() + "." + context.id());
        }
        ResolverConfig resolverConfig = config.resolver();
        String resolverName = resolverConfig.dns() != null ? "dns" : "static";
        LoadBalancerMetrics metrics = new LoadBalancerMetrics(context, resolverName);
        String name = context.id().toString();
        Resolver resolver = resolverConfig.dns() != null
                ? new DnsResolver(resolverConfig.dns(), lookup, metrics, name)
                : new StaticResolver(resolverConfig.staticResolver(), metrics);
        OtlpGrpcExporterConfig otlp = config.protocol().otlp();
        QueuedBackends queued = QueuedBackends.inMemory();
        if (otlp.sendingQueue().persistent()) {
            Path storage = Path.of(otlp.sendingQueue().storage());
            queued = new QueuedBackends(storage.resolve(SendingExporter.directoryName(context.id()) + ".endpoints"),
                    endpoint -> storage.resolve(SendingExporter.directoryName(backendId(context.id(), endpoint))));
        }
        return (Exporter<T>) new LoadBalancingExporter(name, resolver, new TraceRouter(config.routing()),
                (endpoint, ring) -> backend(context, otlp.withEndpoint(endpoint), endpoint, ring, metrics), queued);
    }

    /** {@code loadbalancing/<endpoint>}, or {@code loadbalancing/<name>_<endpoint>} for a named one. */
    private static ComponentId backendId(ComponentId lb, String endpoint) {
        return new ComponentId(lb.type(), lb.name().isEmpty() ? endpoint : lb.name() + "_" + endpoint);
    }

    private static SendingExporter<ExportTraceServiceRequest> backend(ComponentContext lb, OtlpGrpcExporterConfig otlp,
            String endpoint, RoutedClient.Ring ring, LoadBalancerMetrics metrics) {
        ComponentContext context = new ComponentContext(lb.kind(), backendId(lb.id(), endpoint), lb.telemetry());
        SendingMetrics sending = new SendingMetrics(context, Signal.TRACES);
        String name = context.id() + "/" + Signal.TRACES.name();
        RoutedClient client = new RoutedClient(endpoint, OtlpGrpcExporterFactory.client(otlp, Signal.TRACES, name,
                sending), ring, metrics.backend(endpoint));
        // A backend that left the ring drains by rerouting, which waits at most one back-off interval.
        java.time.Duration drain = otlp.timeout().plus(otlp.retryOnFailure().maxInterval());
        return new SendingExporter<>(context, Signal.TRACES, otlp.retryOnFailure(), otlp.sendingQueue(), drain, sending,
                client);
    }
}
