package io.spanvault.exporter.store;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.storage.chronicle.ChronicleStoreConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Config of the {@code store} exporter: either {@code backend}, naming a backend of the {@code storage}
 * extension, or the shorthand, the keys of a {@code chronicle} backend written here (its own backend, named by
 * the exporter's id, which the query extension's {@code storage} key may name).
 *
 * @param backend    the storage extension's backend to write; null for the shorthand
 * @param numWriters threads writing batches into the store at once; default the number of available
 *                   processors, at least 1. Up to twice as many batches wait for a writer; beyond that the
 *                   exporter holds its caller up until a write finishes
 * @param dataDir    shorthand: see {@link ChronicleStoreConfig} for this and the keys after it
 */
public record StoreExporterConfig(String backend, Integer numWriters, String dataDir, Duration retention,
        Long maxDiskSize, String sync, Duration syncInterval, Duration maxFutureSkew, Integer maxOpenPartitions) {

    public StoreExporterConfig {
        numWriters = Objects.requireNonNullElse(numWriters, Runtime.getRuntime().availableProcessors());
        if (numWriters < 1) {
            throw new InvalidConfigException("num_writers", "must be at least 1, got " + numWriters);
        }
        if (backend != null && backend.isBlank()) {
            throw new InvalidConfigException("backend", "must name a backend of the storage extension");
        }
        if (backend != null) {
            String shorthandKey = shorthandKey(dataDir, retention, maxDiskSize, sync, syncInterval, maxFutureSkew,
                    maxOpenPartitions);
            if (shorthandKey != null) {
                throw new InvalidConfigException(shorthandKey, "is a key of the store's own backend; with 'backend: "
                        + backend + "' set it on that backend under extensions.storage.backends");
            }
        } else {
            shorthand(dataDir, retention, maxDiskSize, sync, syncInterval, maxFutureSkew, maxOpenPartitions);
        }
    }

    /** The shorthand's Chronicle config (validated at load); only when {@link #backend()} is null. */
    public ChronicleStoreConfig chronicle() {
        return shorthand(dataDir, retention, maxDiskSize, sync, syncInterval, maxFutureSkew, maxOpenPartitions);
    }

    private static ChronicleStoreConfig shorthand(String dataDir, Duration retention, Long maxDiskSize, String sync,
            Duration syncInterval, Duration maxFutureSkew, Integer maxOpenPartitions) {
        return new ChronicleStoreConfig(dataDir, retention, maxDiskSize, sync, syncInterval, maxFutureSkew,
                maxOpenPartitions);
    }

    private static String shorthandKey(String dataDir, Duration retention, Long maxDiskSize, String sync,
            Duration syncInterval, Duration maxFutureSkew, Integer maxOpenPartitions) {
        if (dataDir != null) {
            return "data_dir";
        } else if (retention != null) {
            return "retention";
        } else if (maxDiskSize != null) {
            return "max_disk_size";
        } else if (sync != null) {
            return "sync";
        } else if (syncInterval != null) {
            return "sync_interval";
        } else if (maxFutureSkew != null) {
            return "max_future_skew";
        } else if (maxOpenPartitions != null) {
            return "max_open_partitions";
        }
        return null;
    }
}
