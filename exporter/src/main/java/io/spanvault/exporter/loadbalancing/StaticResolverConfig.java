package io.spanvault.exporter.loadbalancing;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;

/** {@code resolver.static.hostnames}: the backends, {@code host[:port]} (port 4317 when missing). */
public record StaticResolverConfig(List<String> hostnames) {

    public StaticResolverConfig {
        hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
        if (hostnames.isEmpty()) {
            throw new InvalidConfigException("hostnames", "must list at least one backend");
        }
        for (int i = 0; i < hostnames.size(); i++) {
            if (hostnames.get(i) == null || hostnames.get(i).isBlank()) {
                throw new InvalidConfigException("hostnames." + i, "must not be empty");
            }
        }
    }
}
