package io.spanvault.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The configs built into the jar, selected with {@code --preset NAME}; each is the class path resource
 * {@code presets/NAME.yaml}, so adding a preset means adding a file.
 */
public final class Presets {
    /** The preset the server runs when given no config. */
    public static final String DEFAULT = "all-in-one";

    private static final String DIRECTORY = "presets/";
    private static final String SUFFIX = ".yaml";

    private Presets() {
    }

    public static ConfigSource source(String name) throws ConfigException {
        URL url = name.contains("/") ? null : Presets.class.getClassLoader().getResource(DIRECTORY + name + SUFFIX);
        if (url == null) {
            throw new ConfigException(List.of(new ConfigProblem(Severity.ERROR, "preset " + name, KeyPath.ROOT,
                    "no such preset (known: " + String.join(", ", names()) + ")")));
        }
        try (InputStream in = url.openStream()) {
            return new ConfigSource("preset " + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(Severity.ERROR, "preset " + name, KeyPath.ROOT,
                    "cannot read: " + e.getMessage())));
        }
    }

    /** The names of the built-in presets, found next to the default one (in a directory or in the jar). */
    public static TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        URL anchor = Presets.class.getClassLoader().getResource(DIRECTORY + DEFAULT + SUFFIX);
        if (anchor == null) {
            return names;
        }
        try {
            URI uri = anchor.toURI();
            if ("jar".equals(uri.getScheme())) {
                collectFromJar(uri, names);
            } else {
                collect(Path.of(uri).getParent(), names);
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            names.add(DEFAULT);
        }
        return names;
    }

    private static void collectFromJar(URI uri, TreeSet<String> names) throws IOException {
        FileSystem jar;
        boolean openedHere = false;
        try {
            jar = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException notOpen) {
            jar = FileSystems.newFileSystem(uri, Map.of());
            openedHere = true;
        }
        try {
            collect(jar.getPath("/" + DIRECTORY), names);
        } finally {
            if (openedHere) {
                jar.close();
            }
        }
    }

    private static void collect(Path directory, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .forEach(n -> names.add(n.substring(0, n.length() - SUFFIX.length())));
        }
    }
}
