package io.spanvault.storage.chronicle;

import io.spanvault.storage.TraceId;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory holding a partition written by an earlier build, copied from a fixture under
 * {@code src/test/resources} (the fixtures' {@code Make*.java.txt} say how each was written): every fixture is
 * one partition of the hour of {@link #NOW}, one lane.
 */
abstract class OldFormatPartitionTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    static final String PARTITION = "2026-03-10T12.g0";

    @TempDir
    Path dataDir;

    /** The fixture's directory under {@code src/test/resources}. */
    abstract String fixture();

    @BeforeEach
    void copyFixture() throws IOException, URISyntaxException {
        Path from = Path.of(getClass().getResource("/" + fixture() + "/" + PARTITION).toURI());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = dataDir.resolve(PARTITION).resolve(from.relativize(f).toString());
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

    ChronicleTraceStore open() {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withWriteLanes(1));
    }

    static TraceId trace(long n) {
        return new TraceId(0, n);
    }
}
