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
 *                     partitions are dropped once all their spans are older. Under 4 hours an hour's
 *                     generation takes writes for a quarter of it, so spans go within a quarter of the retention
 * @param maxDiskSize  bytes the partitions may take before the oldest are dropped; 0 for no bound. A partition
 *                     takes at most an eighth of it before its hour goes on in a new generation, and opening
 *                     one drops the oldest to make room, so one busy hour cannot exceed the bound
 * @param sync         when written spans are forced to the disk
 * @param syncInterval the period of {@link SyncPolicy#INTERVAL}
 * @param clock        the time retention is measured against
 * @param writeLanes   the lanes new partitions are split into: writes to different lanes run in parallel, so
 *                     this bounds how many threads can write at once (1 to {@value #MAX_WRITE_LANES}). Each
 *                     partition keeps the number it was created with
 * @param maxFutureSkew  how far past the clock's now a span may start; later spans are not stored (a bad clock
 *                       or a hostile request must not create partitions for hours that are years away)
 * @param maxOpenPartitions how many partitions keep their files open at once; others are opened when read
 *                       and closed again when they are the least recently used, which bounds the file
 *                       descriptors the store holds to about this many times {@code 3 × lanes + 1}
 */
public record ChronicleStoreOptions(Path dataDir, Duration retention, long maxDiskSize, SyncPolicy sync,
        Duration syncInterval, Clock clock, int writeLanes, Duration maxFutureSkew, int maxOpenPartitions) {

    public static final Duration DEFAULT_RETENTION = Duration.ofHours(72);
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    public static final int MAX_WRITE_LANES = 64;
    /** One lane per core, up to 8: more lanes than writing threads buy nothing, and each costs open files. */
    public static final int DEFAULT_WRITE_LANES = Math.min(8, Runtime.getRuntime().availableProcessors());
    /** As Tempo's ingestion slack: clocks drift, but not by hours. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofHours(1);
    /**
     * Four days of hourly partitions: more than the default retention keeps, so only longer retention (or
     * several generations an hour) opens partitions on demand; a few descriptors each.
     */
    public static final int DEFAULT_MAX_OPEN_PARTITIONS = 96;

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
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("max future skew must not be negative, got " + maxFutureSkew);
        }
        if (maxOpenPartitions < 2) {
            throw new IllegalArgumentException("max open partitions must be at least 2, got " + maxOpenPartitions);
        }
    }

    /**
     * Defaults (72h retention, no size bound, {@link SyncPolicy#NONE}, the system clock,
     * {@link #DEFAULT_WRITE_LANES}, 1h future skew, {@link #DEFAULT_MAX_OPEN_PARTITIONS}) for {@code dataDir}.
     */
    public static ChronicleStoreOptions defaults(Path dataDir) {
        return new ChronicleStoreOptions(dataDir, DEFAULT_RETENTION, 0, SyncPolicy.NONE, DEFAULT_SYNC_INTERVAL,
                Clock.systemUTC(), DEFAULT_WRITE_LANES, DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_OPEN_PARTITIONS);
    }

    public ChronicleStoreOptions withRetention(Duration v) {
        return new ChronicleStoreOptions(dataDir, v, maxDiskSize, sync, syncInterval, clock, writeLanes, maxFutureSkew,
                maxOpenPartitions);
    }

    public ChronicleStoreOptions withMaxDiskSize(long v) {
        return new ChronicleStoreOptions(dataDir, retention, v, sync, syncInterval, clock, writeLanes, maxFutureSkew,
                maxOpenPartitions);
    }

    public ChronicleStoreOptions withClock(Clock v) {
        return new ChronicleStoreOptions(dataDir, retention, maxDiskSize, sync, syncInterval, v, writeLanes, maxFutureSkew,
                maxOpenPartitions);
    }

    public ChronicleStoreOptions withWriteLanes(int v) {
        return new ChronicleStoreOptions(dataDir, retention, maxDiskSize, sync, syncInterval, clock, v, maxFutureSkew,
                maxOpenPartitions);
    }

    public ChronicleStoreOptions withMaxFutureSkew(Duration v) {
        return new ChronicleStoreOptions(dataDir, retention, maxDiskSize, sync, syncInterval, clock, writeLanes, v,
                maxOpenPartitions);
    }

    public ChronicleStoreOptions withMaxOpenPartitions(int v) {
        return new ChronicleStoreOptions(dataDir, retention, maxDiskSize, sync, syncInterval, clock, writeLanes,
                maxFutureSkew, v);
    }
}
