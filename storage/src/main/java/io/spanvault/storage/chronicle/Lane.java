package io.spanvault.storage.chronicle;

import io.spanvault.storage.TraceId;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * One lane of a {@link Partition}: a span log, the trace heads of the traces routed here and their index, with
 * the lock that serialises appends to them. A trace always goes to the same lane of a partition, so its chunk
 * chain (read the head, append the chunk pointing at it, move the head) is kept under one lock, while writers
 * on other lanes of the partition run in parallel.
 */
final class Lane implements Closeable {
    /**
     * Records go to the files through a buffer of each writing thread: a batch-sized buffer of megabytes
     * would be a humongous allocation for G1 (straight into the old generation) on every write. Under half
     * of G1's smallest region, and larger than any index record; bigger chunk bodies are written directly.
     */
    private static final ThreadLocal<ByteBuffer> WRITE_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(1 << 18));

    private final SpanLog log;
    private final ChunkIndex index;
    private final TraceHeads heads;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final CRC32C checksum = new CRC32C();

    private Lane(SpanLog log, ChunkIndex index, TraceHeads heads) {
        this.log = log;
        this.index = index;
        this.heads = heads;
    }

    /**
     * Opens the lane's files in {@code directory}, creating them, or (with {@code recover}) recovering what a
     * previous process left.
     */
    static Lane open(Path directory, long capacity, boolean recover) throws IOException {
        Files.createDirectories(directory);
        TraceHeads heads = TraceHeads.open(directory.resolve("heads.cm").toFile(), capacity, recover);
        return new Lane(new SpanLog(directory.resolve("spans.log")), new ChunkIndex(directory.resolve("index.log")),
                heads);
    }

    /**
     * The lane of a trace among {@code lanes}. Both halves of the id count: some SDKs leave the high 64 bits
     * zero. The mix (MurmurHash3's finaliser) spreads ids that differ in a few bits only.
     */
    static int of(long traceHigh, long traceLow, int lanes) {
        long h = traceHigh * 0x9E3779B97F4A7C15L + traceLow;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, lanes);
    }

    boolean tryLock() {
        return appendLock.tryLock();
    }

    void lock() {
        appendLock.lock();
    }

    void unlock() {
        appendLock.unlock();
    }

    /**
     * Writes chunks of traces routed to this lane, the caller holding its lock: bodies to the log, then each
     * trace's head, then the index records, so a chunk is reachable only once fully written. Adds the spans
     * written and the traces new to the lane to {@code counts} ({@code [spans, traces]}).
     */
    void append(List<Chunk> chunks, long[] counts) throws IOException {
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
        counts[0] += newSpans;
        counts[1] += newTraces;
    }

    /** The bodies of the trace's chunks in this lane, in write order; empty when it has none. */
    List<byte[]> chunks(TraceId traceId) throws IOException {
        TraceHeads.Head head = heads.get(traceId);
        return head == null ? List.of() : log.readChain(head.newestChunk());
    }

    /** The body of the chunk at {@code offset} of this lane's log, as an index record names it. */
    byte[] chunk(long offset) throws IOException {
        return log.read(offset);
    }

    /** Visits the lane's index records in write order; false when the visitor stopped the scan. */
    boolean scan(ChunkIndex.Visitor visitor) throws IOException {
        return index.scan(visitor);
    }

    void forEachTrace(Consumer<TraceId> action) {
        heads.forEachTrace(action);
    }

    long traces() {
        return heads.traces();
    }

    /** The bytes the lane's files take (the heads map counts at its reserved size). */
    long diskBytes() {
        return log.end() + index.size() + heads.fileSize();
    }

    void force() throws IOException {
        log.force();
        heads.force();
        index.force();
    }

    @Override
    public void close() throws IOException {
        heads.close();
        log.close();
        index.close();
    }
}
