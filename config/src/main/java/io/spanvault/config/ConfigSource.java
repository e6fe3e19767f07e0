package io.spanvault.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** One YAML document and the name problems in it are reported under (a file path or {@code preset NAME}). */
public record ConfigSource(String name, String yaml) {
    public ConfigSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(yaml, "yaml");
    }

    /** Reads a config file; a missing or unreadable file is a {@link ConfigException} naming it. */
    public static ConfigSource file(Path path) throws ConfigException {
        try {
            return new ConfigSource(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw unreadable(path, "file not found");
        } catch (IOException e) {
            throw unreadable(path, "cannot read: " + e.getMessage());
        }
    }

    private static ConfigException unreadable(Path path, String why) {
        return new ConfigException(java.util.List.of(
                new ConfigProblem(Severity.ERROR, path.toString(), KeyPath.ROOT, why)));
    }
}
