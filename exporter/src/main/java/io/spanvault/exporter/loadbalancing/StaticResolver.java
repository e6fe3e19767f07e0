package io.spanvault.exporter.loadbalancing;

import java.util.List;
import java.util.function.Consumer;

/** {@code resolver.static}: the configured hostnames, a missing port defaulting to 4317, sorted. */
final class StaticResolver implements Resolver {
    private final List<String> endpoints;
    private final LoadBalancerMetrics metrics;

    StaticResolver(StaticResolverConfig config, LoadBalancerMetrics metrics) {
        this.endpoints = config.hostnames().stream().map(String::trim).map(StaticResolver::withPort).distinct()
                .sorted().toList();
        this.metrics = metrics;
    }

    /** {@code host} and {@code host:port} as written; a bare IPv6 address is bracketed. */
    static String withPort(String hostname) {
        if (hostname.startsWith("[")) {
            return hostname.contains("]:") ? hostname : hostname + ":4317";
        }
        int colon = hostname.indexOf(':');
        if (colon < 0) {
            return hostname + ":4317";
        }
        return colon == hostname.lastIndexOf(':') ? hostname : "[" + hostname + "]:4317";
    }

    @Override
    public void start(Consumer<List<String>> listener) {
        metrics.resolved(true);
        listener.accept(endpoints);
        metrics.backendsChanged(endpoints.size());
    }

    @Override
    public void close() {
    }
}
