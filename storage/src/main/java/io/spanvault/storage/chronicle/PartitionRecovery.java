package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the partitions a data directory holds, so that one bad partition never keeps the store from starting:
 * staging directories a crash left in {@code creating/} are deleted; a partition that cannot be read is moved
 * to {@code quarantine/} with a warning naming it and the cause; one that fails for want of disk space or
 * descriptors is left where it is, unserved until the next start, because it is not damaged.
 */
final class PartitionRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionRecovery.class);

    private PartitionRecovery() {
    }

    /** What opening found: the partitions opened (oldest first) and the names of those moved aside. */
    record Outcome(List<Partition> opened, List<String> quarantined) {
    }

    /** Opens every partition of the layout; {@code onOpened} sees each as it is opened. */
    static Outcome recover(PartitionLayout layout, OpenPartitions openPartitions, Consumer<Partition> onOpened)
            throws IOException {
        for (String name : layout.clearStaging()) {
            LOG.warn("deleted the partition {} a crash left half created in {}/", name, PartitionLayout.CREATING);
        }
        List<Partition> opened = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        for (PartitionLayout.PartitionDirectory dir : layout.partitions()) {
            try {
                Partition p = Partition.open(dir.path(), dir.id(), true, openPartitions);
                opened.add(p);
                onOpened.accept(p);
            } catch (IOException | RuntimeException e) {
                if (ResourceExhaustion.causedBy(e)) {
                    LOG.warn("partition {} could not be opened ({}); it is not served until the store is opened "
                            + "again with space and descriptors to spare", dir.path().getFileName(), e.toString());
                    continue;
                }
                quarantine(layout, dir.path(), e);
                quarantined.add(dir.path().getFileName().toString());
            }
        }
        return new Outcome(opened, quarantined);
    }

    private static void quarantine(PartitionLayout layout, Path dir, Exception cause) {
        try {
            Path moved = layout.moveToQuarantine(dir);
            LOG.warn("QUARANTINED partition {}: it cannot be read ({}). Moved to {}; the store serves every other "
                    + "partition. Inspect or delete it by hand.", dir.getFileName(), cause.toString(), moved);
        } catch (IOException e) {
            LOG.warn("partition {} cannot be read ({}) and could not be moved to {}/ ({}); it is not served",
                    dir.getFileName(), cause.toString(), PartitionLayout.QUARANTINE, e.toString());
        }
    }
}
