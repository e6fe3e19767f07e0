package io.spanvault.storage.backend;

import io.spanvault.storage.TraceReader;
import io.spanvault.storage.TraceStore;
import io.spanvault.storage.TraceWriter;
import java.util.Set;

/**
 * A component that owns named backends: the {@code storage} extension, or a {@code store} exporter written in
 * the shorthand form (its own Chronicle backend, named by the exporter's id). The store exporter asks it for a
 * writer and the query extension for a reader when they start; the owner closes the backends when it stops.
 */
public interface StorageBackends {

    /** The names of the backends it owns. */
    Set<String> backendNames();

    /** The writer of the named backend, opening it if needed; the name must be one of {@link #backendNames()}. */
    TraceWriter writer(String backend);

    /** The reader of the named backend, opening it if needed; the name must be one of {@link #backendNames()}. */
    TraceReader reader(String backend);

    /** One backend, already open, owned by the caller: for tools and tests that run a component over a store. */
    static StorageBackends of(String name, TraceStore store) {
        return new StorageBackends() {
            @Override
            public Set<String> backendNames() {
                return Set.of(name);
            }

            @Override
            public TraceWriter writer(String backend) {
                return store;
            }

            @Override
            public TraceReader reader(String backend) {
                return store;
            }
        };
    }
}
