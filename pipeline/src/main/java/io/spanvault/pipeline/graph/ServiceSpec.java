package io.spanvault.pipeline.graph;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated service: every component's bound config record by kind and id, the extensions to run and
 * the pipelines. The config module produces it; {@link ServiceGraph} turns it into running components.
 */
public record ServiceSpec(Map<ComponentKind, Map<ComponentId, Object>> components, List<ComponentId> extensions,
        Map<PipelineId, PipelineSpec> pipelines) {

    public ServiceSpec {
        Map<ComponentKind, Map<ComponentId, Object>> copy = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            copy.put(kind, java.util.Collections.unmodifiableMap(
                    new LinkedHashMap<>(components.getOrDefault(kind, Map.of()))));
        }
        components = java.util.Collections.unmodifiableMap(copy);
        extensions = List.copyOf(extensions);
        pipelines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pipelines));
    }

    /** The bound config of a component, which must exist in its section. */
    public Object config(ComponentKind kind, ComponentId id) {
        Object config = components.get(kind).get(id);
        if (config == null) {
            throw new IllegalArgumentException(kind.section() + " has no component '" + id + "'");
        }
        return config;
    }
}
