package io.spanvault.exporter.loadbalancing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code resolver}: {@code static} or {@code dns}; when both are set {@code dns} wins, as in the collector. */
public record ResolverConfig(@JsonProperty("static") StaticResolverConfig staticResolver, DnsResolverConfig dns) {
}
