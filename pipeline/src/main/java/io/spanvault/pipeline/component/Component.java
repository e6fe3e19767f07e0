package io.spanvault.pipeline.component;

/**
 * Anything the service starts and stops: receivers, processors, exporters, extensions. Every component is
 * created before any is started, so {@link #start} may look others up through the {@link Host}.
 */
public interface Component extends AutoCloseable {

    /**
     * Begins, on a thread of its own, slow work that {@link #start} will need and that touches no file, port
     * or other component (initialising a store's libraries), so that it overlaps the start of the components
     * before this one. Called on every component before any is started; {@code start} must not rely on it.
     */
    default void prepare() {
    }

    /** Opens ports, files and threads. A failure here stops the service from starting. */
    default void start(Host host) throws Exception {
    }

    /**
     * Stops taking new work and finishes what was accepted (processors flush, exporters drain), then frees
     * resources. The service bounds the whole shutdown with a timeout.
     */
    @Override
    default void close() {
    }
}
