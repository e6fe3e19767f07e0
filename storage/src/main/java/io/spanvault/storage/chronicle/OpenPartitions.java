package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how many partitions keep their files open: every use of a partition marks it most recently used,
 * and past the bound the least recently used ones are released (their files closed until the next use). The
 * partitions being written stay open because they are used all the time; old ones are opened when a query
 * reaches them. So a store holds about {@code max × (3 × lanes + 1)} descriptors however many partitions it
 * has, and opening a store (which opens each partition once, oldest first) needs no more than running it.
 *
 * <p>Partitions are released outside this object's lock and never while the using thread holds a partition's
 * lock, so two threads releasing each other's partitions cannot deadlock. A partition used while another
 * thread releases it is opened again: the bound can be passed for a moment by the number of threads at work.
 */
final class OpenPartitions {
    private static final Logger LOG = LoggerFactory.getLogger(OpenPartitions.class);

    private final int max;
    private final LinkedHashMap<PartitionId, Partition> open = new LinkedHashMap<>(16, 0.75f, true);

    OpenPartitions(int max) {
        this.max = max;
    }

    /** Marks the partition most recently used and releases the least recently used beyond the bound. */
    void used(Partition partition) {
        List<Partition> victims;
        synchronized (this) {
            open.put(partition.id(), partition);
            if (open.size() <= max) {
                return;
            }
            victims = new ArrayList<>();
            Iterator<Partition> eldest = open.values().iterator();
            while (open.size() > max && eldest.hasNext()) {
                Partition p = eldest.next();
                if (p != partition) {
                    victims.add(p);
                    eldest.remove();
                }
            }
        }
        for (Partition p : victims) {
            try {
                p.release();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing the files of partition {} failed: {}", p.id().directoryName(), e.toString());
            }
        }
    }

    /** Stops tracking a partition that was closed or deleted. */
    synchronized void forget(Partition partition) {
        open.remove(partition.id(), partition);
    }
}
