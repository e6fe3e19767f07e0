package io.spanvault.pipeline.component;

import java.util.Optional;

/** What a running component can see of the rest of the service. */
public interface Host {

    /**
     * The component with this id in this section, if it exists and is of the wanted type. An exporter used
     * by several signals is found once per signal; this returns the first one of the wanted type.
     */
    <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type);
}
