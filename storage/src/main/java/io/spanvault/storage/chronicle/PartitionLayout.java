package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where things live in a data directory: the {@code lock} file, one directory per partition (named by its
 * {@link PartitionId}), {@code creating/} where new partitions are built before they are renamed into place,
 * and {@code quarantine/} where partitions that cannot be read are moved aside. The two helper directories
 * are in the data directory itself, so a rename out of them never crosses file systems.
 */
final class PartitionLayout {
    static final String LOCK = "lock";
    static final String CREATING = "creating";
    static final String QUARANTINE = "quarantine";

    private final Path dataDir;

    PartitionLayout(Path dataDir) {
        this.dataDir = dataDir;
    }

    Path dataDir() {
        return dataDir;
    }

    Path lockFile() {
        return dataDir.resolve(LOCK);
    }

    Path partition(PartitionId id) {
        return dataDir.resolve(id.directoryName());
    }

    /** Where a partition is built; nothing outside {@code creating/} ever sees it half made. */
    Path staging(PartitionId id) {
        return dataDir.resolve(CREATING).resolve(id.directoryName());
    }

    Path quarantine() {
        return dataDir.resolve(QUARANTINE);
    }

    /** The partition directories, by id; other entries (the lock, the helper directories) are skipped. */
    List<PartitionDirectory> partitions() throws IOException {
        List<PartitionDirectory> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                Optional<PartitionId> id = PartitionId.parse(dir.getFileName().toString());
                id.ifPresent(i -> found.add(new PartitionDirectory(i, dir)));
            }
        }
        found.sort(Comparator.comparing(PartitionDirectory::id));
        return found;
    }

    /** Deletes what {@code creating/} holds: partitions a crash interrupted before they were complete. */
    List<String> clearStaging() throws IOException {
        Path creating = dataDir.resolve(CREATING);
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(creating)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(creating)) {
            for (Path entry : entries) {
                deleteTree(entry);
                removed.add(entry.getFileName().toString());
            }
        }
        return removed;
    }

    /**
     * Moves a partition directory into {@code quarantine/} (under a free name) and returns where it went.
     * A rename needs no free space, so this works on a full disk.
     */
    Path moveToQuarantine(Path partition) throws IOException {
        Path quarantine = quarantine();
        Files.createDirectories(quarantine);
        String name = partition.getFileName().toString();
        Path target = quarantine.resolve(name);
        for (int n = 1; Files.exists(target); n++) {
            target = quarantine.resolve(name + "." + n);
        }
        Files.move(partition, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dataDir);
        return target;
    }

    /** Forces a directory's entries (files created, renamed or deleted in it) to the disk. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Forces every file and directory under {@code root} to the disk, the directories after their entries. */
    static void syncTree(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> files = Files.walk(root)) {
            all = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            try (FileChannel channel = FileChannel.open(p, Files.isDirectory(p) ? StandardOpenOption.READ
                    : StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }

    /** Deletes a directory and everything in it; a tree already gone is not an error. */
    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A partition's directory as found in the data directory. */
    record PartitionDirectory(PartitionId id, Path path) {
    }
}
