package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Creates partitions so that a partition directory is only ever seen complete: its files are built in
 * {@code creating/}, forced to the disk when the store syncs at all, and the directory is renamed into the
 * data directory in one atomic step. A full disk, a descriptor limit or a crash at any moment leaves at most a staging directory, which
 * the next attempt (or the next open) deletes; never a half-made partition that a later open or write would
 * trip over.
 */
final class PartitionBuilder {
    private final PartitionLayout layout;
    private final boolean durable;

    /**
     * {@code durable}: fsync the files and directories before and after the rename, so that the partition is
     * complete after a power loss too. Without it (sync policy {@code none}) a partition created in the last
     * seconds before a power loss may be found unreadable and quarantined, as its data of those seconds may be
     * lost anyway; a process crash is safe either way.
     */
    PartitionBuilder(PartitionLayout layout, boolean durable) {
        this.layout = layout;
        this.durable = durable;
    }

    /** Builds the partition and returns its directory, now in place; on failure nothing of it is left. */
    Path build(PartitionId id, PartitionFormat format) throws IOException {
        Path target = layout.partition(id);
        if (Files.exists(target)) {
            throw new IOException("partition " + id.directoryName() + " already exists");
        }
        Path staging = layout.staging(id);
        PartitionLayout.deleteTree(staging);
        Files.createDirectories(staging);
        try {
            format.write(staging);
            for (int i = 0; i < format.lanes(); i++) {
                Path laneDir = format.laneDirectory(staging, i);
                Files.createDirectories(laneDir);
                Lane.open(laneDir, format.laneEntries(), id.hour() * ChunkAssembler.HOUR_NANOS, false,
                        format.version()).close();
            }
            new OperationCatalog(staging.resolve(Partition.OPERATIONS_FILE)).close();
            new DependencyLinks(staging.resolve(Partition.LINKS_FILE),
                    format.version() >= PartitionFormat.MINUTE_LINKS_VERSION).close();
            if (durable) {
                PartitionLayout.syncTree(staging);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            if (durable) {
                PartitionLayout.syncDirectory(layout.dataDir());
            }
            return target;
        } catch (IOException | RuntimeException | Error e) {
            try {
                PartitionLayout.deleteTree(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
