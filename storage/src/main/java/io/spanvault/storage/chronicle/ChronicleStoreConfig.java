package io.spanvault.storage.chronicle;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Config of a {@code chronicle} backend (and of the {@code store} exporter's shorthand, which takes the same
 * keys).
 *
 * @param dataDir      where the partitions live; default {@code ./data}
 * @param retention    how long spans are kept, by start time; default {@code 72h}, at least {@code 1m}
 * @param maxDiskSize  bytes the store may take before dropping its oldest partitions; 0 (default) for no bound
 * @param sync         {@code none} (default; survives a process crash, not power loss), {@code interval}
 *                     (fsync every {@code sync_interval}) or {@code every_write} (fsync before acknowledging)
 * @param syncInterval the fsync period of {@code sync: interval}; default {@code 1s}
 * @param maxFutureSkew how far after now a span may start; later spans are rejected (as a partial success by
 *                     the receivers of the pipelines writing it); default {@code 1h}
 * @param maxOpenPartitions partitions whose files are open at once, at least 2; others are opened when read and
 *                     closed when least recently used; default 96
 */
public record ChronicleStoreConfig(String dataDir, Duration retention, Long maxDiskSize, String sync,
        Duration syncInterval, Duration maxFutureSkew, Integer maxOpenPartitions) {

    public ChronicleStoreConfig {
        dataDir = Objects.requireNonNullElse(dataDir, "./data");
        retention = Objects.requireNonNullElse(retention, ChronicleStoreOptions.DEFAULT_RETENTION);
        maxDiskSize = Objects.requireNonNullElse(maxDiskSize, 0L);
        sync = Objects.requireNonNullElse(sync, SyncPolicy.NONE.configName());
        syncInterval = Objects.requireNonNullElse(syncInterval, ChronicleStoreOptions.DEFAULT_SYNC_INTERVAL);
        maxFutureSkew = Objects.requireNonNullElse(maxFutureSkew, ChronicleStoreOptions.DEFAULT_MAX_FUTURE_SKEW);
        maxOpenPartitions = Objects.requireNonNullElse(maxOpenPartitions,
                ChronicleStoreOptions.DEFAULT_MAX_OPEN_PARTITIONS);
        if (dataDir.isBlank()) {
            throw new InvalidConfigException("data_dir", "must not be empty");
        }
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new InvalidConfigException("retention", "must be at least 1m, got " + retention);
        }
        if (maxDiskSize < 0) {
            throw new InvalidConfigException("max_disk_size", "must be 0 (unbounded) or a positive byte count, got "
                    + maxDiskSize);
        }
        try {
            SyncPolicy.parse(sync);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("sync", e.getMessage());
        }
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new InvalidConfigException("sync_interval", "must be positive, got " + syncInterval);
        }
        if (maxFutureSkew.isNegative()) {
            throw new InvalidConfigException("max_future_skew", "must not be negative, got " + maxFutureSkew);
        }
        if (maxOpenPartitions < 2) {
            throw new InvalidConfigException("max_open_partitions", "must be at least 2, got " + maxOpenPartitions);
        }
    }

    public static ChronicleStoreConfig defaults() {
        return new ChronicleStoreConfig(null, null, null, null, null, null, null);
    }

    public SyncPolicy syncPolicy() {
        return SyncPolicy.parse(sync);
    }

    public ChronicleStoreOptions storeOptions() {
        return new ChronicleStoreOptions(Path.of(dataDir), retention, maxDiskSize, syncPolicy(), syncInterval,
                Clock.systemUTC(), ChronicleStoreOptions.DEFAULT_WRITE_LANES, maxFutureSkew, maxOpenPartitions);
    }
}
