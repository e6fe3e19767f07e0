package io.spanvault.exporter.loadbalancing;

import java.util.List;
import java.util.function.Consumer;

/** Finds the backends: calls the listener with the sorted endpoint list at start and on every change. */
interface Resolver extends AutoCloseable {

    void start(Consumer<List<String>> listener);

    @Override
    void close();
}
