package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceId;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * One time partition on disk: the span log (chunk bodies), the trace heads (Chronicle Map, trace id → newest
 * chunk), the search index and the operation catalog. Appends are serialised by a lock; reads run
 * concurrently with them because every file is only appended to and a chunk becomes reachable only after
 * it is written. Retention closes and deletes a partition as a whole.
 */
final class Partition implements Closeable {
    /**
     * Records go to the files through a buffer of each writing thread: a batch-sized buffer of megabytes
     * would be a humongous allocation for G1 (straight into the old generation) on every write. Under half
     * of G1's smallest region, and larger than any index record; bigger chunk bodies are written directly.
     */
    private static final ThreadLocal<ByteBuffer> WRITE_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(1 << 18));

    private final PartitionId id;
    private final Path directory;
    private final SpanLog log;
    private final ChunkIndex index;
    private final TraceHeads heads;
    private final OperationCatalog catalog;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final CRC32C checksum = new CRC32C();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong traces = new AtomicLong();
    private volatile boolean dirty;
    private boolean closed;

    private Partition(PartitionId id, Path directory, SpanLog log, ChunkIndex index, TraceHeads heads,
            OperationCatalog catalog) {
        this.id = id;
        this.directory = directory;
        this.log = log;
        this.index = index;
        this.heads = heads;
        this.catalog = catalog;
    }

    /** Opens the partition in {@code directory}, creating it, or recovering what a previous process left. */
    static Partition open(Path directory, PartitionId id, long capacity) throws IOException {
        Files.createDirectories(directory);
        Path capacityFile = directory.resolve("capacity");
        if (Files.exists(capacityFile)) {
            capacity = Long.parseLong(Files.readString(capacityFile).trim());
        } else {
            Files.writeString(capacityFile, Long.toString(capacity));
        }
        TraceHeads heads = TraceHeads.open(directory.resolve("heads.cm").toFile(), capacity);
        Partition p = new Partition(id, directory, new SpanLog(directory.resolve("spans.log")),
                new ChunkIndex(directory.resolve("index.log")), heads,
                new OperationCatalog(directory.resolve("operations")));
        p.traces.set(heads.traces());
        p.index.scan(r -> {
            p.spans.addAndGet(r.spanCount());
            return true;
        });
        return p;
    }

    PartitionId id() {
        return id;
    }

    /**
     * Writes the chunks (all of this partition's hour): bodies to the log, then each trace's head, then the
     * index records, then the operations among {@code operations} not yet in the catalog. Returns false, writing nothing, when the partition was closed or
     * is full of traces; the store then picks another.
     */
    boolean append(List<Chunk> chunks, Collection<OperationKey> operations) throws IOException {
        lifecycle.readLock().lock();
        appendLock.lock();
        try {
            if (closed || traces.get() + chunks.size() > heads.capacity() && traces.get() > 0) {
                return false;
            }
            ByteBuffer buffer = WRITE_BUFFER.get().clear();
            // the heads to set once the bodies are written: [offset, chunks, spans] per chunk, no object per trace
            long[] newOffsets = new long[chunks.size()];
            int[] newCounts = new int[2 * chunks.size()];
            int[] previous = new int[2];
            int newTraces = 0;
            int newSpans = 0;
            for (int i = 0; i < newOffsets.length; i++) {
                Chunk c = chunks.get(i);
                long previousChunk = heads.newestChunkForWriter(c.traceId().high(), c.traceId().low(), previous);
                if (buffer.remaining() < SpanLog.recordSize(c)) {
                    log.append(buffer.flip());
                    buffer.clear();
                }
                newOffsets[i] = log.end() + buffer.position();
                if (buffer.remaining() >= SpanLog.recordSize(c)) {
                    SpanLog.putRecord(buffer, c.body(), previousChunk);
                } else {
                    SpanLog.putHeader(buffer, c.body().length, previousChunk);
                    log.append(buffer.flip());
                    buffer.clear();
                    log.append(ByteBuffer.wrap(c.body()));
                }
                newCounts[2 * i] = previous[0] + 1;
                newCounts[2 * i + 1] = previous[1] + c.spanCount();
                newTraces += previousChunk == SpanLog.NONE ? 1 : 0;
                newSpans += c.spanCount();
            }
            log.append(buffer.flip());
            for (int i = 0; i < newOffsets.length; i++) {
                TraceId t = chunks.get(i).traceId();
                heads.put(t.high(), t.low(), newOffsets[i], newCounts[2 * i], newCounts[2 * i + 1]);
            }
            buffer.clear();
            for (int i = 0; i < newOffsets.length; i++) {
                Chunk c = chunks.get(i);
                if (buffer.remaining() < IndexRecord.size(c)) {
                    index.append(buffer.flip());
                    buffer.clear();
                }
                IndexRecord.put(buffer, c, newOffsets[i], checksum);
            }
            index.append(buffer.flip());
            catalog.addAll(operations);
            spans.addAndGet(newSpans);
            traces.addAndGet(newTraces);
            dirty = true;
            return true;
        } finally {
            appendLock.unlock();
            lifecycle.readLock().unlock();
        }
    }

    /** The bodies of the trace's chunks here, in write order; empty when it has none or the partition is gone. */
    List<byte[]> chunks(TraceId traceId) {
        return read(() -> {
            TraceHeads.Head head = heads.get(traceId);
            return head == null ? List.of() : log.readChain(head.newestChunk());
        }, List.of());
    }

    /** The body of the chunk at {@code offset}, as an index record names it. */
    byte[] chunk(long offset) {
        return read(() -> log.read(offset), new byte[0]);
    }

    void scan(ChunkIndex.Visitor visitor) {
        read(() -> {
            index.scan(visitor);
            return null;
        }, null);
    }

    void forEachTrace(java.util.function.Consumer<TraceId> action) {
        read(() -> {
            heads.forEachTrace(action);
            return null;
        }, null);
    }

    Set<OperationKey> operations() {
        return catalog.operations();
    }

    long spans() {
        return spans.get();
    }

    long traces() {
        return traces.get();
    }

    /** The bytes the partition's files take (the heads map counts at its reserved size). */
    long diskBytes() {
        return log.end() + index.size() + heads.fileSize();
    }

    /** Forces written data to the disk if anything was written since the last call. */
    void force() throws IOException {
        if (!dirty) {
            return;
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return;
            }
            dirty = false;
            log.force();
            heads.force();
            index.force();
            catalog.force();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private <T> T read(IoSupplier<T> action, T whenClosed) {
        lifecycle.readLock().lock();
        try {
            return closed ? whenClosed : action.get();
        } catch (IOException e) {
            throw new StorageException("reading partition " + directory + " failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Waits for reads and writes in progress, then releases the files. */
    @Override
    public void close() throws IOException {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            heads.close();
            log.close();
            index.close();
            catalog.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Closes the partition and deletes its directory. */
    void delete() throws IOException {
        close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
