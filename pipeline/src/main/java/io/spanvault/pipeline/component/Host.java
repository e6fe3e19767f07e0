package io.spanvault.pipeline.component;

import io.spanvault.pipeline.signal.Signal;
import java.util.List;
import java.util.Optional;

/** What a running component can see of the rest of the service. */
public interface Host {

    /**
     * The component with this id in this section, if it exists and is of the wanted type. An exporter used
     * by several signals is found once per signal; this returns the first one of the wanted type.
     */
    <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type);

    /**
     * The exporters of the wanted type at the end of the pipelines of {@code signal} that {@code receiver}
     * feeds, each once; empty when there are none (or this host does not know its pipelines).
     */
    default <T> List<T> exportersFedBy(ComponentId receiver, Signal<?> signal, Class<T> type) {
        return List.of();
    }

    /** The service's extensions of the wanted type, in start order; empty when there are none. */
    default <T> List<T> extensions(Class<T> type) {
        return List.of();
    }
}
