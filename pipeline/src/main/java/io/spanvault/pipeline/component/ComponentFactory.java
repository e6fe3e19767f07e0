package io.spanvault.pipeline.component;

import java.util.Set;

/**
 * Creates components of one type from their config. Factories are found with {@link java.util.ServiceLoader}
 * (each module lists its own in {@code META-INF/services/io.spanvault.pipeline.component.ComponentFactory}).
 *
 * @param <C> the config record; it validates itself in its constructor by throwing
 *            {@link io.spanvault.pipeline.config.InvalidConfigException}
 */
public interface ComponentFactory<C> {

    ComponentKind kind();

    /** The type as written in config ids, e.g. {@code otlp}. */
    String type();

    /** Older or alternative spellings of {@link #type()} that config may use. */
    default Set<String> aliases() {
        return Set.of();
    }

    /** The config record class, bound from YAML with snake_case keys over {@link #defaultConfig()}. */
    Class<C> configType();

    /** The config a component gets for keys the user did not set. */
    C defaultConfig();
}
