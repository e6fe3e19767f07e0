package io.spanvault.storage.extension;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.storage.TraceReader;
import io.spanvault.storage.TraceWriter;
import io.spanvault.storage.backend.Backend;
import io.spanvault.storage.backend.BackendConfig;
import io.spanvault.storage.backend.StorageBackends;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code storage} extension: owns the named backends. Each is opened when a component first asks for it
 * (which happens in those components' {@code start}) and closed when the service stops: extensions stop last,
 * after the exporters have drained their writes.
 */
final class StorageExtension implements Extension, StorageBackends {
    private static final Logger LOG = LoggerFactory.getLogger(StorageExtension.class);

    private final ComponentContext context;
    private final Map<String, Backend> backends = new LinkedHashMap<>();

    StorageExtension(ComponentContext context, StorageExtensionConfig config) {
        this.context = context;
        for (Map.Entry<String, BackendConfig> e : config.backends().entrySet()) {
            backends.put(e.getKey(), new Backend(e.getKey(), e.getValue(), context.telemetry()));
        }
    }

    @Override
    public void prepare() {
        backends.values().forEach(Backend::prepare);
    }

    @Override
    public Set<String> backendNames() {
        return backends.keySet();
    }

    @Override
    public TraceWriter writer(String backend) {
        return backend(backend).store();
    }

    @Override
    public TraceReader reader(String backend) {
        return backend(backend).store();
    }

    private Backend backend(String name) {
        Backend backend = backends.get(name);
        if (backend == null) {
            throw new IllegalArgumentException(context.id() + " has no backend '" + name + "'");
        }
        return backend;
    }

    @Override
    public void close() {
        for (Backend backend : backends.values()) {
            try {
                backend.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: closing backend '{}' failed", context.id(), backend.name(), e);
            }
        }
    }
}
