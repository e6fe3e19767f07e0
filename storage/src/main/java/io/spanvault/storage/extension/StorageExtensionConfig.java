package io.spanvault.storage.extension;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.storage.backend.BackendConfig;
import io.spanvault.storage.backend.TraceStoreFactories;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Config of the {@code storage} extension (Jaeger v2's {@code jaegerstorage} shape): named backends, each one
 * backend type with its keys, e.g. {@code backends: {main: {chronicle: {data_dir: ./data}}}}.
 */
public record StorageExtensionConfig(Map<String, BackendConfig> backends) {

    public StorageExtensionConfig {
        backends = Objects.requireNonNullElse(backends, Map.of());
        for (Map.Entry<String, BackendConfig> backend : backends.entrySet()) {
            if (backend.getValue() == null) {
                throw new InvalidConfigException("backends." + backend.getKey(), "must name a backend type (known: "
                        + TraceStoreFactories.known() + ")");
            }
        }
        backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
    }
}
