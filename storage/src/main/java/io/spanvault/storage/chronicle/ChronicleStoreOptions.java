package io.spanvault.storage.chronicle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ChronicleTraceStore} keeps its data.
 *
 * @param dataDir      the directory holding one sub-directory per time partition
 * @param retention    how long spans are kept, by their start time; older spans are not accepted and whole
 *                     partitions are dropped once all their spans are older
 * @param maxDiskSize  bytes the partitions may take before the oldest are dropped; 0 for no bound. The newest
 *                     partition is never dropped, so the bound can be exceeded by one partition
 * @param sync         when written spans are forced to the disk
 * @param syncInterval the period of {@link SyncPolicy#INTERVAL}
 * @param clock        the time retention is measured against
 * @param writeLanes   the lanes new partitions are split into: writes to different lanes run in parallel, so
 *                     this bounds how many threads can write at once (1 to {@value #MAX_WRITE_LANES}). Each
 *                     partition keeps the number it was created with
 */
public record ChronicleStoreOptions(Path dataDir, Duration retention, long maxDiskSize, SyncPolicy sync,
        Duration syncInterval, Clock clock, int writeLanes) {

    public static final Duration DEFAULT_RETENTION = Duration.ofHours(72);
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    public static final int MAX_WRITE_LANES = 64;
    /** One lane per core, up to 8: more lanes than writing threads buy nothing, and each costs open files. */
    public static final int DEFAULT_WRITE_LANES = Math.min(8, Runtime.getRuntime().availableProcessors());

    public ChronicleStoreOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(clock, "clock");
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least 1m, got " + retention);
        }
        if (maxDiskSize < 0) {
            throw new IllegalArgumentException("max disk size must be 0 (unbounded) or positive, got " + maxDiskSize);
        }
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("sync interval must be positive, got " + syncInterval);
        }
        if (writeLanes < 1 || writeLanes > MAX_WRITE_LANES) {
            throw new IllegalArgumentException("write lanes must be 1 to " + MAX_WRITE_LANES + ", got " + writeLanes);
        }
    }

    /**
     * Defaults (72h retention, no size bound, {@link SyncPolicy#NONE}, the system clock,
     * {@link #DEFAULT_WRITE_LANES}) for {@code dataDir}.
     */
    public static ChronicleStoreOptions defaults(Path dataDir) {
        return new ChronicleStoreOptions(dataDir, DEFAULT_RETENTION, 0, SyncPolicy.NONE, DEFAULT_SYNC_INTERVAL,
                Clock.systemUTC(), DEFAULT_WRITE_LANES);
    }

    public ChronicleStoreOptions withRetention(Duration v) {
        return new ChronicleStoreOptions(dataDir, v, maxDiskSize, sync, syncInterval, clock, writeLanes);
    }

    public ChronicleStoreOptions withMaxDiskSize(long v) {
        return new ChronicleStoreOptions(dataDir, retention, v, sync, syncInterval, clock, writeLanes);
    }

    public ChronicleStoreOptions withClock(Clock v) {
        return new ChronicleStoreOptions(dataDir, retention, maxDiskSize, sync, syncInterval, v, writeLanes);
    }

    public ChronicleStoreOptions withWriteLanes(int v) {
        return new ChronicleStoreOptions(dataDir, retention, maxDiskSize, sync, syncInterval, clock, v);
    }
}
