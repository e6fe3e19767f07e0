package io.spanvault.processor.matching;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * The instrumentation scope (library) an include/exclude section asks for. Without {@code version} any
 * version matches; an empty {@code version} matches only a scope without version.
 */
public record LibraryMatch(String name, String version) {
    public LibraryMatch {
        if (name == null) {
            throw new InvalidConfigException("name", "is required");
        }
    }
}
