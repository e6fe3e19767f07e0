package io.spanvault.storage.backend;

import io.spanvault.storage.TraceStore;

/**
 * Makes trace stores of one backend type ({@code chronicle}, {@code memory}). Factories are found with
 * {@link java.util.ServiceLoader} (each module lists its own in
 * {@code META-INF/services/io.spanvault.storage.backend.TraceStoreFactory}), as component factories are.
 *
 * @param <C> the backend's config record; it validates itself in its constructor by throwing
 *            {@link io.spanvault.pipeline.config.InvalidConfigException}, so a config that binds is one the
 *            store can be opened with
 */
public interface TraceStoreFactory<C> {

    /** The key naming the backend under a storage extension's backend, e.g. {@code chronicle}. */
    String type();

    /** The config record class, bound from YAML with snake_case keys over {@link #defaultConfig()}. */
    Class<C> configType();

    /** The config for keys the user did not set. */
    C defaultConfig();

    /**
     * Begins, on a thread of its own, the work of {@link #open} that needs neither files nor the network, such as
     * initialising the backend's libraries, so that it overlaps the rest of a service's start. Called once a
     * service is built to run; {@code open} must not depend on it having finished, or on it having been called.
     */
    default void prepare(C config) {
    }

    /** Opens (or connects to) the store: the first moment a backend touches files or the network. */
    TraceStore open(C config, BackendContext context);
}
