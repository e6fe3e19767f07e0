package io.spanvault.storage.backend;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import java.util.TreeSet;

/** Finds who owns a named backend, for components that start with a backend's name in their config. */
public final class BackendLookup {
    private BackendLookup() {
    }

    /**
     * The storage extension holding the backend {@code name}, else (the shorthand) the exporter with that id
     * owning its own backend. Throws naming {@code key} and the backends there are when neither exists.
     */
    public static StorageBackends owner(Host host, String name, String key) {
        List<StorageBackends> extensions = host.components(ComponentKind.EXTENSION, StorageBackends.class);
        for (StorageBackends owner : extensions) {
            if (owner.backendNames().contains(name)) {
                return owner;
            }
        }
        StorageBackends exporter = exporterOwning(host, name);
        if (exporter != null) {
            return exporter;
        }
        TreeSet<String> known = new TreeSet<>();
        extensions.forEach(owner -> known.addAll(owner.backendNames()));
        host.components(ComponentKind.EXPORTER, StorageBackends.class).forEach(e -> known.addAll(e.backendNames()));
        throw new InvalidConfigException(key, "no storage backend '" + name + "'; "
                + (known.isEmpty() ? "define one under extensions.storage.backends (and list 'storage' under"
                        + " service.extensions), or a 'store' exporter with a data_dir"
                        : "known: " + String.join(", ", known)));
    }

    private static StorageBackends exporterOwning(Host host, String name) {
        ComponentId id;
        try {
            id = ComponentId.parse(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return host.component(ComponentKind.EXPORTER, id, StorageBackends.class)
                .filter(owner -> owner.backendNames().contains(name)).orElse(null);
    }
}
