package io.spanvault.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the shared fixtures that sit beside the repository ({@code shared/fixtures}), from any working directory. */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path path(String relative) {
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null;
                dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve(relative);
            }
        }
        throw new IllegalStateException("no shared/fixtures above " + System.getProperty("user.dir"));
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
