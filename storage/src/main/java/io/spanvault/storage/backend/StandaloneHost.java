package io.spanvault.storage.backend;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.storage.TraceStore;
import java.util.List;
import java.util.Optional;

/**
 * A host whose only component is one extension owning backends: for tools and tests that start a component
 * (the query extension, the store exporter) over a store outside a running service.
 */
public record StandaloneHost(StorageBackends storage) implements Host {

    /** A host holding one open backend named {@code name}. */
    public static StandaloneHost of(String name, TraceStore store) {
        return new StandaloneHost(StorageBackends.of(name, store));
    }

    @Override
    public <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type) {
        return Optional.empty();
    }

    @Override
    public <T> List<T> components(ComponentKind kind, Class<T> type) {
        return kind == ComponentKind.EXTENSION && type.isInstance(storage) ? List.of(type.cast(storage)) : List.of();
    }
}
