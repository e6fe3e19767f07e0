package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanvault.pipeline.component.ComponentFactory;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code receivers}, {@code processors}, {@code exporters}, {@code connectors} and {@code extensions} sections: parses
 * each component id, finds its factory and binds its config record.
 */
final class ComponentSections {
    /**
     * A component as defined in its section, with its factory and bound config; both are null when the type
     * is unknown, the config alone when it does not bind (an error was reported either way, and pipelines
     * that use the component report nothing more about it).
     */
    record Defined(ComponentFactory<?> factory, Object config) {
    }

    private final ComponentRegistry registry;
    private final ComponentBinder binder;

    ComponentSections(ComponentRegistry registry, ComponentBinder binder) {
        this.registry = registry;
        this.binder = binder;
    }

    /** Every component defined, by kind and id. */
    Map<ComponentKind, Map<ComponentId, Defined>> read(ObjectNode root, ProblemReporter problems) {
        Map<ComponentKind, Map<ComponentId, Defined>> out = new EnumMap<>(ComponentKind.class);
        for (ComponentKind kind : ComponentKind.values()) {
            out.put(kind, readSection(kind, root.get(kind.section()), problems));
        }
        return out;
    }

    private Map<ComponentId, Defined> readSection(ComponentKind kind, JsonNode section, ProblemReporter problems) {
        Map<ComponentId, Defined> defined = new LinkedHashMap<>();
        KeyPath sectionPath = KeyPath.of(kind.section());
        if (section == null || section.isNull()) {
            return defined;
        }
        if (!section.isObject()) {
            problems.error(sectionPath, "expected a map of " + kind.label() + " ids to their settings, got "
                    + ValueDescriptions.got(section));
            return defined;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = section.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            KeyPath at = sectionPath.child(field.getKey());
            ComponentId id;
            try {
                id = ComponentId.parse(field.getKey());
            } catch (IllegalArgumentException e) {
                problems.error(at, e.getMessage());
                continue;
            }
            ComponentFactory<?> factory = registry.find(kind, id.type()).orElse(null);
            if (factory == null) {
                problems.error(at, "unknown " + kind.label() + " type '" + id.type() + "' ("
                        + (registry.types(kind).isEmpty() ? "none are installed"
                                : "known: " + String.join(", ", registry.types(kind))) + ")");
                defined.put(id, new Defined(null, null));
                continue;
            }
            Object config = binder.bind(field.getValue(), factory.configType(), at, problems).orElse(null);
            defined.put(id, new Defined(factory, config));
        }
        return defined;
    }
}
