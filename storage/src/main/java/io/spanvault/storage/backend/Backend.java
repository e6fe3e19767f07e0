package io.spanvault.storage.backend;

import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.storage.TraceStore;
import java.util.Objects;

/**
 * A named backend, opened when a component first asks for it (the store exporter for its writer, the query
 * extension for its reader, whichever starts first) and closed by its owner. Creating it touches no file, so
 * a whole service graph can be built to check a config.
 */
public final class Backend implements AutoCloseable {
    private final String name;
    private final BackendConfig config;
    private final Telemetry telemetry;
    private TraceStore store;
    private boolean closed;

    public Backend(String name, BackendConfig config, Telemetry telemetry) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    public String name() {
        return name;
    }

    /** Lets the backend begin what it can ahead of {@link #store()} (see {@link TraceStoreFactory#prepare}). */
    public void prepare() {
        config.prepare();
    }

    /** The store, opened on the first call. */
    public synchronized TraceStore store() {
        if (closed) {
            throw new IllegalStateException("storage backend '" + name + "' is closed");
        }
        if (store == null) {
            store = config.open(new BackendContext(name, telemetry));
        }
        return store;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
