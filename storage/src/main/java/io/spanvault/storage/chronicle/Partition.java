package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceId;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One time partition on disk: {@link Lane}s, each a span log (chunk bodies), trace heads (Chronicle Map, trace
 * id → newest chunk) and search index of the traces routed to it, and the operation catalog. Appends to a
 * lane are serialised by its lock, appends to different lanes run in parallel; reads run concurrently with
 * them because every file is only appended to and a chunk becomes reachable only after it is written.
 * Retention closes and deletes a partition as a whole.
 *
 * <p>The number of lanes is fixed when the partition is created and kept in its {@code lanes} file; lane
 * {@code i} lives in the sub-directory {@code lane-i}. A partition written before lanes existed (no
 * {@code lanes} file, its files directly in the partition directory) is one lane. The capacity (traces the
 * partition is sized for, in the {@code capacity} file) is the partition's: each lane's map is sized for its
 * share, and the partition counts as full once its lanes together hold that many traces.
 *
 * <p>To bound the file descriptors the store holds, a partition's files may be released (closed) while the
 * partition stays known, with its counts, operations and size kept on the heap; the next read or write opens
 * them again. {@link OpenPartitions} decides which, least recently used first.
 */
final class Partition implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);
    static final String OPERATIONS_FILE = "operations";
    static final String LINKS_FILE = "links.log";
    /** Chronicle Map's smallest sensible size; tiny shares (tests sizing partitions for a few traces) round up. */
    static final long MIN_LANE_ENTRIES = 1024;

    private final PartitionId id;
    private final Path directory;
    private final PartitionFormat format;
    private final OpenPartitions openPartitions;
    private final long capacity;
    // null while released; set and cleared under the lifecycle write lock, read under its read lock
    private Lane[] lanes;
    private OperationCatalog catalog;
    private DependencyLinks links;
    private Set<OperationKey> releasedOperations = Set.of();
    /** The service map of released files: its counts stay on the heap once its file is closed. */
    private DependencyLinks releasedLinks;
    private long releasedDiskBytes;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong traces = new AtomicLong();
    /** {@link #traces} plus the traces writes in progress may add: what the capacity check counts. */
    private final AtomicLong reservedTraces = new AtomicLong();
    /** The latest span start written here: retention finer than an hour drops a partition by it. */
    private final AtomicLong latestStart = new AtomicLong(Long.MIN_VALUE);
    /** The earliest span start written here: a dependency window that ends before it has no call here. */
    private final AtomicLong earliestStart = new AtomicLong(Long.MAX_VALUE);
    /** Bytes past which the partition takes no more writes (0: none), so one busy hour cannot outgrow max_disk_size. */
    private volatile long byteBudget;
    private volatile long writableUntil = Long.MAX_VALUE;
    private volatile boolean dirty;
    /** Appends so far, and as {@link #releaseIdleTermHeads} last saw them: equal when none came in between. */
    private final AtomicLong appends = new AtomicLong();
    private long appendsSeen;
    private boolean closed;

    private Partition(PartitionId id, Path directory, PartitionFormat format, OpenPartitions openPartitions,
            OpenFiles files) {
        this.id = id;
        this.directory = directory;
        this.format = format;
        this.openPartitions = openPartitions;
        this.capacity = format.capacity();
        this.lanes = files.lanes();
        this.catalog = files.catalog();
        this.links = files.links();
    }

    /**
     * Opens the complete partition in {@code directory} (see {@link PartitionBuilder}) with the lane count and
     * capacity it was created with; with {@code recover}, recovering what a previous process left rather than
     * what this one closed. An {@link IOException} says why it cannot be read.
     */
    static Partition open(Path directory, PartitionId id, boolean recover, OpenPartitions openPartitions)
            throws IOException {
        PartitionFormat format = PartitionFormat.read(directory);
        Partition p = new Partition(id, directory, format, openPartitions, openFiles(directory, id, format, recover));
        for (Lane lane : p.lanes) {
            p.traces.addAndGet(lane.traces());
            lane.scan(r -> {
                p.spans.addAndGet(r.spanCount());
                p.latestStart.accumulateAndGet(r.startMax(), Math::max);
                p.earliestStart.accumulateAndGet(r.startMin(), Math::min);
                return true;
            });
        }
        p.reservedTraces.set(p.traces.get());
        openPartitions.used(p);
        return p;
    }

    private record OpenFiles(Lane[] lanes, OperationCatalog catalog, DependencyLinks links) {
    }

    private static OpenFiles openFiles(Path directory, PartitionId id, PartitionFormat format, boolean recover)
            throws IOException {
        Lane[] opened = new Lane[format.lanes()];
        OperationCatalog catalog = null;
        try {
            for (int i = 0; i < opened.length; i++) {
                Path laneDir = format.laneDirectory(directory, i);
                if (!Files.isDirectory(laneDir)) {
                    throw new IOException("lane directory " + laneDir.getFileName() + " is missing");
                }
                opened[i] = Lane.open(laneDir, format.laneEntries(), id.hour() * ChunkAssembler.HOUR_NANOS, recover,
                        format.version());
            }
            catalog = new OperationCatalog(directory.resolve(OPERATIONS_FILE));
            return new OpenFiles(opened, catalog, new DependencyLinks(directory.resolve(LINKS_FILE),
                    format.version() >= PartitionFormat.MINUTE_LINKS_VERSION));
        } catch (IOException | RuntimeException e) {
            for (Lane lane : opened) {
                if (lane != null) {
                    lane.close();
                }
            }
            if (catalog != null) {
                catalog.close();
            }
            throw e;
        }
    }

    /**
     * Takes the read lock with the files open, opening them again if they were released; false (the lock not
     * taken) once the partition is closed. Counts as a use for {@link OpenPartitions}, before any lock is held.
     */
    private boolean acquire() throws IOException {
        openPartitions.used(this);
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            openPartitions.forget(this);
            return false;
        }
        if (lanes != null) {
            return true;
        }
        lifecycle.readLock().unlock();
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            if (lanes == null) {
                OpenFiles files = openFiles(directory, id, format, false);
                lanes = files.lanes();
                catalog = files.catalog();
                links = files.links();
            }
            lifecycle.readLock().lock();
            return true;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Closes the files until the next use, forcing first what was written since the last force (a released
     * partition has nothing for {@link #force} to do). Waits for reads and writes in progress. False when the
     * files were not open.
     */
    boolean release() throws IOException {
        lifecycle.writeLock().lock();
        try {
            if (closed || lanes == null) {
                return false;
            }
            if (dirty) {
                forceFiles();
            }
            releaseTermHeadsQuietly();
            releasedOperations = Set.copyOf(catalog.operations());
            releasedLinks = links;
            releasedDiskBytes = filesDiskBytes();
            closeFiles();
            return true;
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Moves the lanes' term heads off the heap when no append came since the last call (see
     * {@link Lane#releaseTermHeads}): the store calls this every few seconds for partitions it no longer expects
     * writes in, so the heap holds the heads of the partitions being written only. Files released stay so.
     * Returns the lanes whose heads moved.
     */
    int releaseIdleTermHeads() throws IOException {
        long now = appends.get();
        boolean idle = now == appendsSeen;
        appendsSeen = now;
        if (!idle) {
            return 0;
        }
        lifecycle.readLock().lock();
        try {
            if (closed || lanes == null) {
                return 0;
            }
            int released = 0;
            for (Lane lane : lanes) {
                released += lane.releaseTermHeads() ? 1 : 0;
            }
            return released;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Whether a lane's term heads are on the heap now. */
    boolean termHeadsOnHeap() {
        lifecycle.readLock().lock();
        try {
            if (lanes == null) {
                return false;
            }
            for (Lane lane : lanes) {
                if (lane.termHeadsOnHeap()) {
                    return true;
                }
            }
            return false;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Whether the files are open now. */
    boolean filesOpen() {
        lifecycle.readLock().lock();
        try {
            return lanes != null;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    PartitionId id() {
        return id;
    }

    /**
     * Writes the chunks (all of this partition's hour) to their lanes, then the operations among
     * {@code operations} not yet in the catalog. Safe to call from several threads: each lane's chunks are
     * appended under that lane's lock, taking first the lanes no other writer holds, then waiting for the
     * others. Returns false, writing nothing, when the partition was closed or is full of traces; the store
     * then picks another.
     */
    boolean append(List<Chunk> chunks, Collection<OperationKey> operations) throws IOException {
        if (!acquire()) {
            return false;
        }
        try {
            // a partition of an older format is read, not extended: its hour goes on in a new generation
            if (format.version() < PartitionFormat.CURRENT_VERSION || termsFull() || overBudget()
                    || !reserve(chunks.size())) {
                return false;
            }
            for (Chunk c : chunks) {
                latestStart.accumulateAndGet(c.startMax(), Math::max);
                earliestStart.accumulateAndGet(c.startMin(), Math::min);
            }
            long[] counts = new long[2];
            DependencyLinks.Delta calls = new DependencyLinks.Delta();
            try {
                appendToLanes(blocksByLane(chunks), counts, calls);
                catalog.addAll(operations);
                links.addAll(calls);
            } finally {
                spans.addAndGet(counts[0]);
                traces.addAndGet(counts[1]);
                reservedTraces.addAndGet(counts[1] - chunks.size());
                dirty = true;
                appends.incrementAndGet();
            }
            return true;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Whether a lane holds as many distinct terms as it was sized for: the partition is full then too. */
    private boolean termsFull() {
        for (Lane lane : lanes) {
            if (lane.termsFull()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the partition holds its byte budget's worth; an empty one takes a first write whatever its size. */
    boolean overBudget() {
        long budget = byteBudget;
        return budget > 0 && reservedTraces.get() > 0 && filesDiskBytes() >= budget;
    }

    /**
     * Makes the partition refuse writes (as when full, so the store opens the hour's next generation) once its
     * files take {@code bytes}; 0 for no bound. Not stored: the store sets it from its options on every open.
     */
    void limitBytes(long bytes) {
        byteBudget = bytes;
    }

    /**
     * Makes the partition refuse writes from {@code nanos} on (by the store's clock; {@link Long#MAX_VALUE}
     * for never), so that retention finer than an hour finds slices of the hour it can drop whole.
     */
    void writableUntil(long nanos) {
        writableUntil = nanos;
    }

    /** Whether the partition's time slice is over (see {@link #writableUntil(long)}) at {@code nanos}. */
    boolean sliceOver(long nanos) {
        return nanos >= writableUntil;
    }

    /** The latest start of a span written here; {@link Long#MIN_VALUE} when there is none. */
    long latestStart() {
        return latestStart.get();
    }

    /** Whether a span written here may start within {@code [from, to]}; false for an empty partition. */
    boolean mayHoldStartsIn(long from, long to) {
        return latestStart.get() >= from && earliestStart.get() <= to;
    }

    /** The traces the partition was sized for. */
    long capacity() {
        return capacity;
    }

    /** Reserves room for up to {@code newTraces} traces; false when they do not fit. */
    private boolean reserve(int newTraces) {
        while (true) {
            long reserved = reservedTraces.get();
            // an empty partition too: its trace heads are sized for the capacity, and the store sizes the next
            // generation for the write that did not fit
            if (reserved + newTraces > capacity) {
                return false;
            }
            if (reservedTraces.compareAndSet(reserved, reserved + newTraces)) {
                return true;
            }
        }
    }

    /** Each lane's chunks, packed into compressed blocks: done here, before any lane's lock is taken. */
    private List<ChunkBlock>[] blocksByLane(List<Chunk> chunks) {
        List<Chunk>[] chunksByLane = byLane(chunks);
        @SuppressWarnings("unchecked")
        List<ChunkBlock>[] blocks = new List[chunksByLane.length];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = chunksByLane[i] == null ? null : ChunkBlock.pack(chunksByLane[i]);
        }
        return blocks;
    }

    private List<Chunk>[] byLane(List<Chunk> chunks) {
        @SuppressWarnings("unchecked")
        List<Chunk>[] byLane = new List[lanes.length];
        if (lanes.length == 1) {
            byLane[0] = chunks;
            return byLane;
        }
        int expected = chunks.size() / lanes.length + 8;
        for (Chunk c : chunks) {
            int lane = Lane.of(c.traceId().high(), c.traceId().low(), lanes.length);
            if (byLane[lane] == null) {
                byLane[lane] = new ArrayList<>(expected);
            }
            byLane[lane].add(c);
        }
        return byLane;
    }

    /**
     * Appends each lane's chunks: first to the lanes no other writer holds, starting at a random lane so that
     * concurrent writers spread out, then waiting for the others in turn. One lane lock held at a time.
     */
    private void appendToLanes(List<ChunkBlock>[] byLane, long[] counts, DependencyLinks.Delta calls) throws IOException {
        int first = byLane.length == 1 ? 0 : ThreadLocalRandom.current().nextInt(byLane.length);
        int waiting = 0;
        for (int n = 0; n < byLane.length; n++) {
            int i = (first + n) % byLane.length;
            if (byLane[i] == null) {
                continue;
            }
            if (lanes[i].tryLock()) {
                appendLocked(i, byLane[i], counts, calls);
                byLane[i] = null;
            } else {
                waiting++;
            }
        }
        for (int n = 0; n < byLane.length && waiting > 0; n++) {
            int i = (first + n) % byLane.length;
            if (byLane[i] != null) {
                lanes[i].lock();
                appendLocked(i, byLane[i], counts, calls);
                waiting--;
            }
        }
    }

    private void appendLocked(int lane, List<ChunkBlock> chunks, long[] counts, DependencyLinks.Delta calls)
            throws IOException {
        try {
            lanes[lane].append(chunks, counts, calls);
        } finally {
            lanes[lane].unlock();
        }
    }

    /** See {@link Lane#piece}; null too when the partition is gone. */
    TracePiece piece(TraceId traceId, boolean unlessWaiting) {
        return read(() -> laneOf(traceId).piece(traceId, unlessWaiting), null);
    }

    /** The trace's head in {@code lane}, or null when it has none there or the partition is gone. */
    TraceHeads.Head head(int lane, TraceId traceId) {
        return read(() -> lanes[lane].head(traceId), null);
    }

    /** See {@link Lane#widenBounds}. */
    void widenBounds(TraceId traceId, long start, long end, boolean unknown) {
        if (!hasTraceBounds()) {
            return;
        }
        read(() -> {
            laneOf(traceId).widenBounds(traceId, start, end, unknown);
            dirty = true;
            return null;
        }, null);
    }

    /** Whether the partition's trace heads hold the traces' bounds. */
    boolean hasTraceBounds() {
        return format.version() >= PartitionFormat.BOUNDS_VERSION;
    }

    private Lane laneOf(TraceId traceId) {
        return lanes[Lane.of(traceId.high(), traceId.low(), lanes.length)];
    }

    /** Adds calls found between this partition's new spans and another partition's (see the store's write). */
    void addCalls(DependencyLinks.Delta calls) throws IOException {
        if (calls.isEmpty() || !acquire()) {
            return;
        }
        try {
            links.addAll(calls);
            dirty = true;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The bodies of the trace's chunks here, in write order; empty when it has none or the partition is gone. */
    List<byte[]> chunks(TraceId traceId) {
        return read(() -> laneOf(traceId).chunks(traceId), List.of());
    }

    /** The body of the chunk at {@code offset} of {@code lane}, as an index record names it. */
    byte[] chunk(int lane, long offset) {
        return read(() -> lanes[lane].chunk(offset), new byte[0]);
    }

    int laneCount() {
        return format.lanes();
    }

    /**
     * The candidates of a search in one lane (see {@link Lane#candidates}); null once the partition is gone.
     * Their reads go to the lane's files after this returns: a search racing retention (or the release of
     * idle partitions) may fail with a {@link StorageException}.
     */
    ChunkCandidates candidates(int lane, long[][] conditions, long startMin, long startMax, long durationMin,
            long durationMax) {
        return read(() -> lanes[lane].candidates(conditions, startMin, startMax, durationMin, durationMax), null);
    }

    /** Points {@code record} at the index record at {@code offset} of {@code lane}; false when there is none. */
    boolean record(int lane, long offset, IndexRecord record, java.nio.ByteBuffer scratch) {
        return read(() -> lanes[lane].record(offset, record, scratch), false);
    }

    /**
     * Adds the partition's calls between services whose child spans started within {@code [from, to]}
     * (nanoseconds, rounded out to whole minutes) to {@code into}, without opening released files. A partition
     * of a format without minutes counts whole when a span of it starts within the window, else not at all.
     */
    void sumLinks(long from, long to, java.util.Map<DependencyLinks.Edge, long[]> into) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return;
            }
            DependencyLinks counts = lanes == null ? releasedLinks : links;
            if (counts.perMinute() || mayHoldStartsIn(from, to)) {
                counts.sumInto(MinuteCounts.minuteOf(from), MinuteCounts.minuteOf(to), into);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    Set<OperationKey> operations() {
        lifecycle.readLock().lock();
        try {
            return lanes == null ? releasedOperations : catalog.operations();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    long spans() {
        return spans.get();
    }

    long traces() {
        return traces.get();
    }

    /** The bytes the partition's files take (the heads map counts at its reserved size). */
    long diskBytes() {
        lifecycle.readLock().lock();
        try {
            return lanes == null ? releasedDiskBytes : filesDiskBytes();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private long filesDiskBytes() {
        long bytes = 0;
        for (Lane lane : lanes) {
            bytes += lane.diskBytes();
        }
        return bytes;
    }

    /** Forces written data to the disk if anything was written since the last call. */
    void force() throws IOException {
        if (!dirty) {
            return;
        }
        lifecycle.readLock().lock();
        try {
            if (closed || lanes == null) {
                return;
            }
            forceFiles();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void forceFiles() throws IOException {
        dirty = false;
        for (Lane lane : lanes) {
            lane.force();
        }
        catalog.force();
        links.force();
    }

    private <T> T read(IoSupplier<T> action, T whenClosed) {
        try {
            if (!acquire()) {
                return whenClosed;
            }
        } catch (IOException e) {
            throw new StorageException("reopening partition " + directory + " failed: " + e.getMessage(), e);
        }
        try {
            return action.get();
        } catch (IOException e) {
            throw new StorageException("reading partition " + directory + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Writes the term heads still on the heap to their sorted files, so that opening the partition again reads
     * them instead of replaying the postings; a failure (a full disk) only leaves the replay to do.
     */
    private void releaseTermHeadsQuietly() {
        for (Lane lane : lanes) {
            try {
                lane.releaseTermHeads();
            } catch (IOException | RuntimeException e) {
                LOG.warn("writing the term heads of partition {} failed, the next open replays its postings: {}",
                        id.directoryName(), e.toString());
            }
        }
    }

    /** Waits for reads and writes in progress, then releases the files (their term heads written first). */
    @Override
    public void close() throws IOException {
        close(true);
    }

    private void close(boolean keepTermHeads) throws IOException {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (lanes != null) {
                if (keepTermHeads) {
                    releaseTermHeadsQuietly();
                }
                closeFiles();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
        openPartitions.forget(this);
    }

    private void closeFiles() throws IOException {
        try {
            for (Lane lane : lanes) {
                lane.close();
            }
            catalog.close();
            links.close();
        } finally {
            lanes = null;
            catalog = null;
            links = null;
        }
    }

    /** Closes the partition and deletes its directory. */
    void delete() throws IOException {
        close(false);
        PartitionLayout.deleteTree(directory);
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
