package io.spanvault.storage;

/**
 * Implemented by a component that owns a store (the {@code store} exporter), so that others (the query
 * extension) can find the store through the pipeline host.
 */
public interface StoreProvider {
    TraceStore store();
}
