package io.spanvault.pipeline.component;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A component's id in config, {@code type[/name]}: {@code otlp}, {@code batch/small}. The type selects the
 * factory; the name tells apart several components of one type.
 */
public record ComponentId(String type, String name) {
    private static final Pattern TYPE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");

    public ComponentId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("component type '" + type
                    + "' must start with a letter and hold only letters, digits and '_'");
        }
        if (name.contains("/")) {
            throw new IllegalArgumentException("component name '" + name + "' must not contain '/'");
        }
    }

    /** Parses {@code type} or {@code type/name}; an empty name after the slash is an error. */
    public static ComponentId parse(String id) {
        int slash = id.indexOf('/');
        if (slash < 0) {
            return new ComponentId(id.trim(), "");
        }
        String name = id.substring(slash + 1).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("component id '" + id + "' has an empty name after '/'");
        }
        return new ComponentId(id.substring(0, slash).trim(), name);
    }

    @Override
    public String toString() {
        return name.isEmpty() ? type : type + "/" + name;
    }

    // Written out: a record's generated equals and hashCode link method handles the first time they run, which
    // for the ids and keys hashed while a config loads was a measurable part of start-up (bench/README).
    @Override
    public boolean equals(Object other) {
        return other instanceof ComponentId id && type.equals(id.type) && name.equals(id.name);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + name.hashCode();
    }
}
