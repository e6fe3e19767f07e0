package io.spanvault.storage.backend;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/** The backend factories on the class path, by type, found once through {@link ServiceLoader}. */
public final class TraceStoreFactories {
    private static final Map<String, TraceStoreFactory<?>> INSTALLED = load();

    private TraceStoreFactories() {
    }

    @SuppressWarnings("rawtypes")
    private static Map<String, TraceStoreFactory<?>> load() {
        Map<String, TraceStoreFactory<?>> byType = new TreeMap<>();
        for (TraceStoreFactory factory : ServiceLoader.load(TraceStoreFactory.class,
                TraceStoreFactories.class.getClassLoader())) {
            TraceStoreFactory<?> previous = byType.putIfAbsent(factory.type(), factory);
            if (previous != null) {
                throw new IllegalStateException("two storage backend factories for type '" + factory.type() + "': "
                        + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return Map.copyOf(byType);
    }

    public static Optional<TraceStoreFactory<?>> find(String type) {
        return Optional.ofNullable(INSTALLED.get(type));
    }

    /** The installed types, sorted, for error messages. */
    public static String known() {
        return String.join(", ", new TreeSet<>(INSTALLED.keySet()));
    }
}
