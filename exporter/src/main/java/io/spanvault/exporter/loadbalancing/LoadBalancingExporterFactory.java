package io.spanvault.exporter.loadbalancing;

import com.google.protobuf.Message;
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
 * {@code loadbalancing}: routes spans, log records and metrics by their routing key to backends found by a
 * static list or DNS. Each backend gets an OTLP/gRPC exporter of its own, id {@code loadbalancing[/name]} with
 * the endpoint appended to the name, so its {@code otelcol_exporter_*} series and persistent queue directory
 * are its own.
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
        return List.of(Signal.TRACES, Signal.LOGS, Signal.METRICS);
    }

    @Override
    public <T extends Message> Exporter<T> create(ComponentContext context, LoadBalancingExporterConfig config,
            Signal<T> signal) {
        RoutingKey routing;
        try {
            config.requireResolver();
            routing = config.routing(signal);
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
            queued = new QueuedBackends(storage.resolve(SendingExporter.directoryName(context.id()) + "."
                    + signal.name() + ".endpoints"), endpoint -> storage.resolve(SendingExporter.directoryName(
                            backendId(context.id(), endpoint))).resolve(signal.name()));
        }
        return new LoadBalancingExporter<>(name, resolver, router(signal, routing),
                (endpoint, ring) -> backend(context, signal, otlp.withEndpoint(endpoint), endpoint, ring, metrics),
                queued);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> Router<T> router(Signal<T> signal, RoutingKey routing) {
        if (signal == Signal.TRACES) {
            return (Router<T>) new TraceRouter(routing);
        }
        if (signal == Signal.LOGS) {
            return (Router<T>) new LogRouter(routing);
        }
        return (Router<T>) new MetricRouter(routing);
    }

    /** {@code loadbalancing/<endpoint>}, or {@code loadbalancing/<name>_<endpoint>} for a named one. */
    private static ComponentId backendId(ComponentId lb, String endpoint) {
        return new ComponentId(lb.type(), lb.name().isEmpty() ? endpoint : lb.name() + "_" + endpoint);
    }

    private static <T extends Message> SendingExporter<T> backend(ComponentContext lb, Signal<T> signal,
            OtlpGrpcExporterConfig otlp, String endpoint, RoutedClient.Ring<T> ring, LoadBalancerMetrics metrics) {
        ComponentContext context = new ComponentContext(lb.kind(), backendId(lb.id(), endpoint), lb.telemetry());
        SendingMetrics sending = new SendingMetrics(context, signal);
        String name = context.id() + "/" + signal.name();
        RoutedClient<T> client = new RoutedClient<>(endpoint, OtlpGrpcExporterFactory.client(otlp, signal, name,
                sending), ring, metrics.backend(endpoint));
        // A backend that left the ring drains by rerouting, which waits at most one back-off interval.
        java.time.Duration drain = otlp.timeout().plus(otlp.retryOnFailure().maxInterval());
        return new SendingExporter<>(context, signal, otlp.retryOnFailure(), otlp.sendingQueue(), drain, sending,
                client);
    }
}
