package io.spanvault.storage.chronicle;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.pipeline.otlp.SpanWindow;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.Operation;
import io.spanvault.storage.SpanVisitor;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.TraceStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded trace store: spans off the Java heap in hourly partitions under a data directory (see
 * {@link Partition}), each split into lanes with a Chronicle Map from trace id to the trace's chunks.
 *
 * <p>{@link #write} may be called from several threads at once: batches are cut into chunks outside any lock,
 * and the chunks of different lanes are appended in parallel (see {@link Partition#append}).
 *
 * <p>Durability: when {@link #write} returns, the spans are in the kernel's page cache (file writes and the
 * memory-mapped Chronicle Map), so they survive {@code kill -9} of the process; on open every partition is
 * recovered (Chronicle's {@code recoverPersistedTo}, torn index tails cut off). Surviving power loss
 * depends on {@link SyncPolicy}. Retention and {@code maxDiskSize} drop whole partitions, checked on open
 * and every few seconds. Only one process may open a data directory at a time.
 */
public final class ChronicleTraceStore implements TraceStore {
    /**
     * How long after open the current hour's partition is created: that takes ~0.25 s of CPU, which a server
     * starting on two cores needs for its own start; a write before then creates the partition it needs itself.
     */
    private static final long FIRST_PARTITION_DELAY_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleTraceStore.class);
    /**
     * Traces the first partition of an hour is sized for when the hour before says nothing. The maps take
     * their reserved size on disk whether used or not (65,536 made them 70% of the disk at 1M spans over 24
     * hours); an hour that outgrows it rolls over to a generation twice its size.
     */
    private static final long DEFAULT_MIN_CAPACITY = 1 << 12;
    private static final long MAX_CAPACITY = 1 << 24;
    private static final long PARTITIONS_PER_DISK_BUDGET = 8;
    private static final long SLICED_RETENTION_HOURS = 4;
    private static final long MAINTENANCE_PERIOD_MS = 5_000;

    private final ChronicleStoreOptions options;
    private final long minCapacity;
    private final ConcurrentSkipListMap<PartitionId, Partition> partitions = new ConcurrentSkipListMap<>();
    private final Object structure = new Object();
    private final AtomicLong expiredSpans = new AtomicLong();
    private final AtomicLong invalidSpans = new AtomicLong();
    private final AtomicLong futureSpans = new AtomicLong();
    private final PartitionLayout layout;
    private final PartitionBuilder builder;
    private final OpenPartitions openPartitions;
    private volatile List<String> quarantined = List.of();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ScheduledExecutorService maintenance;
    private volatile boolean closed;

    private ChronicleTraceStore(ChronicleStoreOptions options, long minCapacity, FileChannel lockChannel,
            FileLock lock) {
        this.options = options;
        this.layout = new PartitionLayout(options.dataDir());
        this.builder = new PartitionBuilder(layout, options.sync() != SyncPolicy.NONE);
        this.openPartitions = new OpenPartitions(options.maxOpenPartitions());
        this.minCapacity = minCapacity;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spanvault-store-maintenance");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the store in {@code options.dataDir()}, recovering the partitions found there. */
    public static ChronicleTraceStore open(ChronicleStoreOptions options) {
        return open(options, DEFAULT_MIN_CAPACITY);
    }

    /** As {@link #open(ChronicleStoreOptions)}, sizing new partitions for at least {@code minPartitionTraces}. */
    static ChronicleTraceStore open(ChronicleStoreOptions options, long minPartitionTraces) {
        ChronicleJvmAccess.require();
        ChronicleRuntime.initialise();
        try {
            Files.createDirectories(options.dataDir());
            FileChannel lockChannel = FileChannel.open(options.dataDir().resolve(PartitionLayout.LOCK),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new StorageException("data directory " + options.dataDir() + " is in use by another process"
                        + " (it holds " + options.dataDir().resolve(PartitionLayout.LOCK) + "); stop that server, or"
                        + " give this one another data directory (the store's data_dir, SPANVAULT_DATA_DIR in the"
                        + " presets)");
            }
            ChronicleTraceStore store = new ChronicleTraceStore(options, minPartitionTraces, lockChannel, lock);
            store.recover();
            store.maintain();
            store.scheduleMaintenance();
            // Chronicle registers a JVM shutdown hook when its resource releaser is first used; were that the
            // background creation below racing a SIGTERM, the registration would fail mid-creation with a stack trace
            BackgroundResourceReleaser.releasePendingResources();
            store.maintenance.schedule(store::openCurrentPartition, FIRST_PARTITION_DELAY_MS, TimeUnit.MILLISECONDS);
            return store;
        } catch (IOException e) {
            throw new StorageException("cannot open the store in " + options.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private void recover() throws IOException {
        quarantined = List.copyOf(PartitionRecovery.recover(layout, openPartitions, this::admit).quarantined());
    }

    /** Puts an opened partition among the served ones, with this store's byte budget and time slice. */
    private void admit(Partition p) {
        p.limitBytes(partitionByteBudget());
        long slice = sliceNanos();
        p.writableUntil(slice == 0 ? Long.MAX_VALUE : nowNanos() + slice);
        partitions.put(p.id(), p);
    }

    /**
     * The bytes one partition may take before the hour goes on in a new generation: an eighth of
     * {@code maxDiskSize}, so that dropping the oldest partitions as a generation opens keeps the store
     * under the bound even while one busy hour is all that is written. 0 when the disk is not bounded.
     */
    private long partitionByteBudget() {
        return options.maxDiskSize() / PARTITIONS_PER_DISK_BUDGET;
    }

    /**
     * How long a generation takes writes before the hour goes on in the next one: a quarter of a retention
     * under {@value #SLICED_RETENTION_HOURS} hours, so spans are dropped within a quarter of the retention
     * after they age out rather than with their whole hour; 0 (one generation an hour) for longer retention.
     */
    private long sliceNanos() {
        long retention = QueryMatcher.nanos(options.retention());
        return retention < SLICED_RETENTION_HOURS * ChunkAssembler.HOUR_NANOS ? retention / 4 : 0;
    }

    private long nowNanos() {
        return QueryMatcher.nanos(options.clock().instant());
    }

    /**
     * Creating a partition sizes and initialises its Chronicle Map file; doing it in the background soon after
     * open keeps that off the first write's latency (see {@link #FIRST_PARTITION_DELAY_MS}).
     */
    private void openCurrentPartition() {
        if (closed) {
            return;
        }
        try {
            writablePartition(Math.floorDiv(nowNanos(), ChunkAssembler.HOUR_NANOS), 0, null);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.warn("opening the current partition failed: {}", e.toString());
            }
        }
    }

    private void scheduleMaintenance() {
        maintenance.scheduleWithFixedDelay(this::maintainQuietly, MAINTENANCE_PERIOD_MS, MAINTENANCE_PERIOD_MS,
                TimeUnit.MILLISECONDS);
        if (options.sync() == SyncPolicy.INTERVAL) {
            long period = options.syncInterval().toMillis();
            maintenance.scheduleWithFixedDelay(this::syncQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void write(ExportTraceServiceRequest batch) {
        if (closed) {
            throw new StorageException("the store is closed");
        }
        ChunkAssembler.Result result = ChunkAssembler.assemble(batch, oldestHour(), spanWindow().latestUnixNano());
        expiredSpans.addAndGet(result.expiredSpans());
        invalidSpans.addAndGet(result.invalidSpans());
        futureSpans.addAndGet(result.futureSpans());
        Map<Long, List<Chunk>> byHour = new LinkedHashMap<>();
        for (Chunk c : result.chunks()) {
            byHour.computeIfAbsent(c.hour(), h -> new ArrayList<>()).add(c);
        }
        try {
            for (Map.Entry<Long, List<Chunk>> e : byHour.entrySet()) {
                Partition written = appendToHour(e.getKey(), e.getValue(),
                        result.operations().getOrDefault(e.getKey(), Set.of()));
                CrossPartitionCalls.pair(written, e.getValue(), neighbours(written));
                if (options.sync() == SyncPolicy.EVERY_WRITE) {
                    written.force();
                }
            }
        } catch (IOException e) {
            throw new StorageException("writing spans failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Chronicle reports a full disk (a map growing a tier) in unchecked exceptions
            if (!(e instanceof StorageException) && ResourceExhaustion.causedBy(e)) {
                throw new StorageException("writing spans failed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Writes go to the page cache (and the mapped maps); only {@code sync: every_write} waits for the disk. */
    @Override
    public boolean writesWithoutWaiting() {
        return options.sync() != SyncPolicy.EVERY_WRITE;
    }

    /** The partitions of the hours before, of and after {@code p}'s, but {@code p}. */
    private List<Partition> neighbours(Partition p) {
        long hour = p.id().hour();
        List<Partition> out = new ArrayList<>(partitions.subMap(new PartitionId(hour - 1, 0), true,
                new PartitionId(hour + 1, Integer.MAX_VALUE), true).values());
        out.remove(p);
        return out;
    }

    private Partition appendToHour(long hour, List<Chunk> chunks, Set<OperationKey> operations) throws IOException {
        PartitionId rejected = null;
        while (true) {
            Partition p = writablePartition(hour, chunks.size(), rejected);
            if (p.append(chunks, operations)) {
                return p;
            }
            rejected = p.id();
        }
    }

    /** The newest partition of the hour, a new one if there is none or {@code full} is the newest. */
    private Partition writablePartition(long hour, int traces, PartitionId full) throws IOException {
        Map.Entry<PartitionId, Partition> newest = partitions.floorEntry(new PartitionId(hour, Integer.MAX_VALUE));
        long slice = sliceNanos();
        long now = slice == 0 ? 0 : nowNanos();
        if (newest != null && newest.getKey().hour() == hour && !newest.getKey().equals(full)
                && (slice == 0 || !newest.getValue().sliceOver(now))) {
            return newest.getValue();
        }
        synchronized (structure) {
            if (closed) {
                throw new StorageException("the store is closed");
            }
            newest = partitions.floorEntry(new PartitionId(hour, Integer.MAX_VALUE));
            boolean sameHour = newest != null && newest.getKey().hour() == hour;
            boolean sliceOver = sameHour && slice > 0 && newest.getValue().sliceOver(now);
            if (sameHour && !newest.getKey().equals(full) && !sliceOver) {
                return newest.getValue();
            }
            PartitionId id = new PartitionId(hour, sameHour ? newest.getKey().generation() + 1 : 0);
            long capacity;
            if (!sameHour) {
                capacity = tracesInHour(hour - 1) * 5 / 4;
            } else if (sliceOver || newest.getValue().overBudget()) {
                // the hour goes on at the same pace: doubling would let the maps alone outgrow the budget
                capacity = newest.getValue().capacity();
            } else {
                capacity = 2 * newest.getValue().traces();
            }
            capacity = Math.min(MAX_CAPACITY, Math.max(Math.max(minCapacity, 2L * traces), capacity));
            Path dir = layout.partition(id);
            boolean built = !Files.isDirectory(dir);
            if (built) {
                builder.build(id, PartitionFormat.current(options.writeLanes(), capacity));
            }
            // a directory already there is complete (renamed into place) but this process may not have closed it
            Partition p = Partition.open(dir, id, !built, openPartitions);
            admit(p);
            if (options.maxDiskSize() > 0) {
                // room for the new generation to fill its budget before the next one opens, taken from older
                // partitions only: late spans of an old hour must not push newer ones out
                dropOldestWhileOver(options.maxDiskSize() - partitionByteBudget(), id);
            }
            return p;
        }
    }

    private long tracesInHour(long hour) {
        long n = 0;
        for (Partition p : partitions.subMap(new PartitionId(hour, 0), new PartitionId(hour + 1, 0)).values()) {
            n += p.traces();
        }
        return n;
    }

    /** Spans starting before this hour (hours since the epoch) are past retention. */
    private long oldestHour() {
        long now = QueryMatcher.nanos(options.clock().instant());
        return Math.floorDiv(now - QueryMatcher.nanos(options.retention()), ChunkAssembler.HOUR_NANOS);
    }

    /**
     * The start times the store takes now: from {@code retention} ago (the store itself keeps the whole hour
     * that boundary falls in, as it drops whole hours) to {@code maxFutureSkew} ahead.
     */
    public SpanWindow spanWindow() {
        return SpanWindow.at(options.clock().instant(), options.retention(), options.maxFutureSkew());
    }

    @Override
    public Optional<TracesData> getTrace(TraceId traceId, Instant startTimeMin, Instant startTimeMax) {
        PartitionId from = new PartitionId(startTimeMin == null ? Long.MIN_VALUE
                : Math.floorDiv(QueryMatcher.nanos(startTimeMin), ChunkAssembler.HOUR_NANOS), 0);
        PartitionId to = new PartitionId(startTimeMax == null ? Long.MAX_VALUE
                : Math.floorDiv(QueryMatcher.nanos(startTimeMax), ChunkAssembler.HOUR_NANOS), Integer.MAX_VALUE);
        List<byte[]> bodies = new ArrayList<>();
        for (Partition p : partitions.subMap(from, true, to, true).values()) {
            bodies.addAll(p.chunks(traceId));
        }
        return bodies.isEmpty() ? Optional.empty() : Optional.of(TraceAssembler.assemble(bodies));
    }

    private TracesData wholeTrace(TraceId traceId) {
        return getTrace(traceId, null, null).orElse(TracesData.getDefaultInstance());
    }

    @Override
    public List<TracesData> findTraces(TraceQuery query) {
        List<TracesData> traces = new ArrayList<>();
        for (TraceId id : findTraceIds(query)) {
            getTrace(id, null, null).ifPresent(traces::add);
        }
        return traces;
    }

    @Override
    public List<TraceId> findTraceIds(TraceQuery query) {
        return search(query).ids();
    }

    /** Runs a search; the result says what it found and how much it read. */
    SearchResult search(TraceQuery query) {
        TraceSearch search = new TraceSearch(query, this::wholeTrace);
        List<TraceId> ids = search.run(new ArrayList<>(partitions.values()));
        return new SearchResult(ids, search.checkedChunks(), search.readTraces());
    }

    /**
     * The trace ids a search found, newest first, how many candidate chunks it checked to find them and how
     * many whole traces it read for {@code match=trace}.
     */
    record SearchResult(List<TraceId> ids, int checkedChunks, int readTraces) {
    }

    @Override
    public List<String> getServices() {
        TreeSet<String> services = new TreeSet<>();
        for (Partition p : partitions.values()) {
            for (OperationKey op : p.operations()) {
                services.add(op.service());
            }
        }
        return new ArrayList<>(services);
    }

    @Override
    public List<Operation> getOperations(String service, String spanKind) {
        TreeSet<Operation> operations = new TreeSet<>(
                Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
        for (Partition p : partitions.values()) {
            for (OperationKey op : p.operations()) {
                if (op.service().equals(service) && (spanKind == null || spanKind.equalsIgnoreCase(op.kind()))) {
                    operations.add(new Operation(op.name(), op.kind()));
                }
            }
        }
        return new ArrayList<>(operations);
    }

    @Override
    public List<DependencyLink> getDependencies(Instant endTime, Duration lookback) {
        long to = QueryMatcher.nanos(endTime);
        long from = to - QueryMatcher.nanos(lookback);
        Map<DependencyLinks.Edge, long[]> totals = new java.util.HashMap<>();
        // a call counts in the partition of the later of its spans and at its child's start, which may be in
        // the hour before or after that partition's (a late parent, a child across the hour's end)
        PartitionId first = new PartitionId(Math.floorDiv(from, ChunkAssembler.HOUR_NANOS) - 1, 0);
        PartitionId last = new PartitionId(Math.floorDiv(to, ChunkAssembler.HOUR_NANOS) + 1, Integer.MAX_VALUE);
        if (from <= to) {
            for (Partition p : partitions.subMap(first, true, last, true).values()) {
                p.sumLinks(from, to, totals);
            }
        }
        return DependencyLinks.links(totals);
    }

    @Override
    public boolean scanSpans(Set<String> services, Instant startTimeMin, Instant startTimeMax, SpanVisitor visitor) {
        return new SpanScan(QueryMatcher.nanos(startTimeMin), QueryMatcher.nanos(startTimeMax), Set.copyOf(services),
                visitor).run(new ArrayList<>(partitions.values()));
    }

    /**
     * Drops partitions past retention (their hour, or every span they hold, older than the retention), then the
     * oldest partitions while the store is over {@code maxDiskSize} (never the newest, which its byte budget
     * bounds). Runs on open and every few seconds; callable for tests.
     */
    public void maintain() {
        long oldestHour = oldestHour();
        synchronized (structure) {
            for (Partition p : new ArrayList<>(partitions.headMap(new PartitionId(oldestHour, 0)).values())) {
                drop(p, "past retention");
            }
            long cutoff = nowNanos() - QueryMatcher.nanos(options.retention());
            for (Partition p : new ArrayList<>(partitions.values())) {
                if (p.spans() > 0 && p.latestStart() < cutoff) {
                    drop(p, "past retention");
                }
            }
            if (options.maxDiskSize() > 0 && !partitions.isEmpty()) {
                dropOldestWhileOver(options.maxDiskSize(), partitions.lastKey());
            }
        }
    }

    /** Drops the oldest partitions before {@code kept} while the store takes more than {@code bytes}. */
    private void dropOldestWhileOver(long bytes, PartitionId kept) {
        long total = diskBytes();
        while (total > bytes) {
            Map.Entry<PartitionId, Partition> oldest = partitions.firstEntry();
            if (oldest == null || oldest.getKey().compareTo(kept) >= 0) {
                return;
            }
            total -= oldest.getValue().diskBytes();
            drop(oldest.getValue(), "over max_disk_size");
        }
    }

    private void drop(Partition p, String why) {
        partitions.remove(p.id());
        try {
            p.delete();
            LOG.info("dropped partition {} ({})", p.id().directoryName(), why);
        } catch (IOException e) {
            LOG.warn("could not delete partition {}: {}", p.id().directoryName(), e.toString());
        }
    }

    private void maintainQuietly() {
        try {
            maintain();
            releaseIdleTermHeads();
        } catch (RuntimeException e) {
            LOG.warn("store maintenance failed", e);
        }
    }

    /**
     * Moves the term heads of partitions no longer written off the heap (see {@link Partition#releaseIdleTermHeads}):
     * those with no write since the last call, but the newest generation of the hours around the clock's now,
     * which late and early spans keep reaching (a late span into an older one loads its heads back). Runs with
     * the maintenance every few seconds; callable for tests. Returns the lanes whose heads moved.
     */
    int releaseIdleTermHeads() {
        long hour = Math.floorDiv(nowNanos(), ChunkAssembler.HOUR_NANOS);
        int released = 0;
        for (Partition p : partitions.values()) {
            PartitionId next = partitions.higherKey(p.id());
            boolean newestOfItsHour = next == null || next.hour() != p.id().hour();
            if (newestOfItsHour && p.id().hour() >= hour - 1) {
                continue;
            }
            try {
                released += p.releaseIdleTermHeads();
            } catch (IOException | RuntimeException e) {
                LOG.warn("moving the term heads of partition {} off the heap failed: {}", p.id().directoryName(),
                        e.toString());
            }
        }
        return released;
    }

    /** Forces everything written so far to the disk. */
    public void sync() {
        try {
            for (Partition p : partitions.values()) {
                p.force();
            }
        } catch (IOException e) {
            throw new StorageException("sync failed: " + e.getMessage(), e);
        }
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("store sync failed", e);
        }
    }

    /** Spans stored, over all partitions. */
    public long spanCount() {
        return partitions.values().stream().mapToLong(Partition::spans).sum();
    }

    /** Traces stored, counted once per partition they have spans in. */
    public long traceCount() {
        return partitions.values().stream().mapToLong(Partition::traces).sum();
    }

    /** Bytes the partitions take on disk (Chronicle Map files at their reserved size). */
    public long diskBytes() {
        return partitions.values().stream().mapToLong(Partition::diskBytes).sum();
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** Partitions whose files are open now (at most about {@code maxOpenPartitions}). */
    public int openPartitionCount() {
        return (int) partitions.values().stream().filter(Partition::filesOpen).count();
    }

    /** Spans not stored because they started before the retention window. */
    public long expiredSpans() {
        return expiredSpans.get();
    }

    /** Spans not stored because they started more than {@code maxFutureSkew} after the clock's now. */
    public long futureSpans() {
        return futureSpans.get();
    }

    /** The partitions found unreadable when the store was opened and moved to {@code quarantine/}. */
    public List<String> quarantinedPartitions() {
        return quarantined;
    }

    /** Spans not stored because their trace id is not 16 bytes. */
    public long invalidSpans() {
        return invalidSpans.get();
    }

    /** Forces written data to the disk (whatever the sync policy) and releases the files. */
    @Override
    public void close() {
        synchronized (structure) {
            if (closed) {
                return;
            }
            closed = true;
        }
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Partition p : partitions.values()) {
            try {
                p.force();
                p.close();
            } catch (IOException e) {
                LOG.warn("closing partition {} failed: {}", p.id().directoryName(), e.toString());
            }
        }
        partitions.clear();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("releasing the data directory lock failed: {}", e.toString());
        }
    }
}
