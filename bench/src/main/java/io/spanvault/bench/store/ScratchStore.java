package io.spanvault.bench.store;

import io.spanvault.storage.chronicle.ChronicleStoreOptions;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A store in a temporary directory that closing deletes: for benchmarks that need a store, not its data. */
public final class ScratchStore implements AutoCloseable {
    private final Path dir;
    private final ChronicleTraceStore store;

    private ScratchStore(Path dir, ChronicleTraceStore store) {
        this.dir = dir;
        this.store = store;
    }

    public static ScratchStore open() throws IOException {
        Path dir = Files.createTempDirectory("spanvault-bench-store");
        return new ScratchStore(dir, ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dir)));
    }

    public ChronicleTraceStore store() {
        return store;
    }

    @Override
    public void close() throws IOException {
        store.close();
        deleteRecursively(dir);
    }

    public static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
