package io.spanvault.pipeline.component;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The factories the service knows, by kind and type (aliases included). */
public final class ComponentRegistry {
    private final Map<ComponentKind, Map<String, ComponentFactory<?>>> byKind = new EnumMap<>(ComponentKind.class);

    public ComponentRegistry(Collection<? extends ComponentFactory<?>> factories) {
        for (ComponentKind kind : ComponentKind.values()) {
            byKind.put(kind, new LinkedHashMap<>());
        }
        for (ComponentFactory<?> factory : factories) {
            register(factory, factory.type());
            for (String alias : factory.aliases()) {
                register(factory, alias);
            }
        }
    }

    /** Every factory on the class path, found through {@link ServiceLoader}. */
    @SuppressWarnings("rawtypes")
    public static ComponentRegistry loadInstalled() {
        List<ComponentFactory<?>> found = new java.util.ArrayList<>();
        for (ComponentFactory factory : ServiceLoader.load(ComponentFactory.class)) {
            found.add(factory);
        }
        return new ComponentRegistry(found);
    }

    private void register(ComponentFactory<?> factory, String type) {
        ComponentFactory<?> previous = byKind.get(factory.kind()).putIfAbsent(type, factory);
        if (previous != null && previous != factory) {
            throw new IllegalStateException("two " + factory.kind().label() + " factories for type '" + type
                    + "': " + previous.getClass().getName() + " and " + factory.getClass().getName());
        }
    }

    public Optional<ComponentFactory<?>> find(ComponentKind kind, String type) {
        return Optional.ofNullable(byKind.get(kind).get(type));
    }

    /** The known types of a kind, sorted, for error messages. */
    public Collection<String> types(ComponentKind kind) {
        return new TreeSet<>(byKind.get(kind).keySet());
    }
}
