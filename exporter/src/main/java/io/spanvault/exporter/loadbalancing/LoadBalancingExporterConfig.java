package io.spanvault.exporter.loadbalancing;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * The {@code loadbalancing} exporter's config, keyed as the collector's loadbalancingexporter:
 * {@code routing_key} ({@code traceID}, the default, or {@code service}), {@code protocol.otlp} (the
 * {@code otlp} exporter's settings, used for every backend; its {@code endpoint} is replaced by the
 * backend's) and {@code resolver} ({@code static} or {@code dns}).
 */
public record LoadBalancingExporterConfig(String routingKey, ProtocolConfig protocol, ResolverConfig resolver) {

    public LoadBalancingExporterConfig {
        routingKey = routingKey == null ? RoutingKey.TRACE_ID.configValue() : routingKey;
        RoutingKey.parse(routingKey);
        protocol = protocol == null ? new ProtocolConfig(null) : protocol;
        resolver = resolver == null ? new ResolverConfig(null, null) : resolver;
    }

    public RoutingKey routing() {
        return RoutingKey.parse(routingKey);
    }

    /** A resolver must be named; checked when the exporter is created, since the default config has none. */
    public void requireResolver() {
        if (resolver.staticResolver() == null && resolver.dns() == null) {
            throw new InvalidConfigException("resolver", "must set static (hostnames) or dns (hostname)");
        }
    }
}
