package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A partition written by an earlier build, kept under {@code src/test/resources}, copied into a data directory. */
final class OldFormatFixture {
    private OldFormatFixture() {
    }

    /** Copies partition {@code partition} of the fixture directory {@code resource} into {@code dataDir}. */
    static void copy(String resource, String partition, Path dataDir) throws IOException, URISyntaxException {
        Path fixture = Path.of(OldFormatFixture.class.getResource("/" + resource + "/" + partition).toURI());
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = dataDir.resolve(partition).resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    try (InputStream in = Files.newInputStream(f)) {
                        Files.copy(in, to);
                    }
                }
            }
        }
    }
}
