package io.spanvault.exporter.loadbalancing;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;

/**
 * The {@code loadbalancing} exporter's config, keyed as the collector's loadbalancingexporter:
 * {@code routing_key} (see {@link RoutingKey}; by default {@code traceID} for traces and {@code service} for logs
 * and metrics), {@code protocol.otlp} (the
 * {@code otlp} exporter's settings, used for every backend; its {@code endpoint} is replaced by the
 * backend's) and {@code resolver} ({@code static} or {@code dns}).
 */
public record LoadBalancingExporterConfig(String routingKey, ProtocolConfig protocol, ResolverConfig resolver) {

    public LoadBalancingExporterConfig {
        if (routingKey != null) {
            RoutingKey.parse(routingKey);
        }
        protocol = protocol == null ? new ProtocolConfig(null) : protocol;
        resolver = resolver == null ? new ResolverConfig(null, null) : resolver;
    }

    /** The key for {@code signal}: its default when none is set; an error when the key does not route it. */
    public RoutingKey routing(Signal<?> signal) {
        return RoutingKey.forSignal(routingKey, signal);
    }

    /** A resolver must be named; checked when the exporter is created, since the default config has none. */
    public void requireResolver() {
        if (resolver.staticResolver() == null && resolver.dns() == null) {
            throw new InvalidConfigException("resolver", "must set static (hostnames) or dns (hostname)");
        }
    }
}
