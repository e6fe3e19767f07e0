package io.spanvault.storage.chronicle;

import io.spanvault.storage.TraceId;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32C;

/**
 * One lane of a {@link Partition}: a span log, the trace heads of the traces routed here, their chunk index
 * and their postings (the postings log and its term heads: from format 5 on, on the heap while the lane is
 * written, in a sorted file once it is not, see {@link #releaseTermHeads}), with the lock that serialises
 * appends to them. A trace always goes to the same lane of a partition, so its chunk
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

    /** Room in a lane's term map beyond a term per trace: the terms traces share (services, routes, codes). */
    static final long SHARED_TERMS = 1024;

    private final SpanLog log;
    private final ChunkIndex index;
    private final TraceHeads heads;
    private final PostingsLog postings;
    private final Path directory;
    private final long termCapacity;
    /** Replaced (under {@link #termsSwap}'s write lock and the append lock) as the heads move on or off the heap. */
    private volatile TermHeads terms;
    /** Held by searches while they look terms up, so the file of heads moved back onto the heap is not closed under them. */
    private final ReentrantReadWriteLock termsSwap = new ReentrantReadWriteLock();
    /** Null in a lane of an older format, which is read, never appended to. */
    private final PostingsWriter postingsWriter;
    private final boolean namedPostings;
    private final long hourStart;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final CRC32C checksum = new CRC32C();

    private Lane(Path directory, SpanLog log, ChunkIndex index, TraceHeads heads, PostingsLog postings,
            TermHeads terms, long termCapacity, long hourStart) {
        this.directory = directory;
        this.log = log;
        this.index = index;
        this.heads = heads;
        this.postings = postings;
        this.terms = terms;
        this.termCapacity = termCapacity;
        this.hourStart = hourStart;
        this.namedPostings = !(terms instanceof MappedTermHeads);
        this.postingsWriter = namedPostings ? new PostingsWriter(postings, hourStart) : null;
    }

    /**
     * Opens the lane's files in {@code directory}, creating them, or (with {@code recover}) recovering what a
     * previous process left; {@code hourStart} is the partition's first nanosecond, which postings store times
     * relative to; {@code version} the partition's format (see {@link PartitionFormat}).
     */
    static Lane open(Path directory, long capacity, long hourStart, boolean recover, int version)
            throws IOException {
        Files.createDirectories(directory);
        boolean blocks = version >= PartitionFormat.BLOCKS_VERSION;
        TraceHeads heads = TraceHeads.open(directory.resolve("heads.cm").toFile(), capacity, recover,
                version >= PartitionFormat.BOUNDS_VERSION);
        TermHeads terms = null;
        PostingsLog postings = null;
        SpanLog log = null;
        ChunkIndex index = null;
        try {
            // a trace brings a few terms of its own (ids, customers), the rest are shared
            long termCapacity = capacity + SHARED_TERMS;
            Path postingsFile = directory.resolve("postings.log");
            if (version >= PartitionFormat.HEAP_TERMS_VERSION) {
                postings = new PostingsLog(postingsFile);
                // heads a lane no longer written left sorted on disk, if the log still ends where they were written
                terms = SortedTermHeads.openIfCurrent(directory.resolve(SortedTermHeads.FILE), postings.size(),
                        termCapacity);
                if (terms == null) {
                    HeapTermHeads heap = new HeapTermHeads(termCapacity);
                    postings.replay(hourStart, heap);
                    terms = heap;
                }
            } else {
                terms = MappedTermHeads.open(directory.resolve("terms.cm").toFile(), termCapacity, recover);
                postings = new PostingsLog(postingsFile);
            }
            index = new ChunkIndex(directory.resolve("index.log"));
            log = new SpanLog(directory.resolve("spans.log"), blocks, index.lastChunkAddress());
            return new Lane(directory, log, index, heads, postings, terms, termCapacity, hourStart);
        } catch (IOException | RuntimeException e) {
            // a lane that cannot open (a full disk) must not keep its maps mapped and its files open
            heads.close();
            if (terms != null) {
                terms.close();
            }
            if (postings != null) {
                postings.close();
            }
            if (log != null) {
                log.close();
            }
            if (index != null) {
                index.close();
            }
            throw e;
        }
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
     * Writes the blocks of chunks of traces routed to this lane, the caller holding its lock: blocks to the
     * log, then each trace's head, then the index records, then the postings and term heads, so a chunk is
     * reachable (by id, then by search) only once fully written. Adds the spans written and the traces new to
     * the lane to {@code counts} ({@code [spans, traces]}).
     */
    void append(List<ChunkBlock> blocks, long[] counts, CallPairing.CallSink calls) throws IOException {
        List<Chunk> chunks = new java.util.ArrayList<>();
        for (ChunkBlock b : blocks) {
            chunks.addAll(b.chunks());
        }
        ByteBuffer buffer = WRITE_BUFFER.get().clear();
        // the heads to set once the blocks are written: [address, chunks, spans] per chunk, no object per trace
        long[] newOffsets = new long[chunks.size()];
        int[] newCounts = new int[2 * chunks.size()];
        boolean[] unmatched = new boolean[chunks.size()];
        // each trace's bounds with the new chunk, [start, end] per chunk, and whether they are unknown
        long[] newBounds = new long[2 * chunks.size()];
        boolean[] boundsUnknown = new boolean[chunks.size()];
        long[] previousChunks = new long[ChunkBlock.MAX_CHUNKS];
        boolean[] earlierUnmatched = new boolean[ChunkBlock.MAX_CHUNKS];
        int[] previous = new int[4];
        long[] previousBounds = new long[2];
        int newTraces = 0;
        int newSpans = 0;
        int i = 0;
        for (ChunkBlock block : blocks) {
            int first = i;
            for (int k = 0; k < block.chunks().size(); k++, i++) {
                Chunk c = chunks.get(i);
                previousChunks[k] = heads.newestChunkForWriter(c.traceId().high(), c.traceId().low(), previous,
                        previousBounds);
                earlierUnmatched[k] = previous[2] == 1;
                boundsUnknown[i] = previous[3] == 1;
                newBounds[2 * i] = Math.min(previousBounds[0], c.startMin());
                newBounds[2 * i + 1] = Math.max(previousBounds[1], c.calls().latestEnd());
                newCounts[2 * i] = previous[0] + 1;
                newCounts[2 * i + 1] = previous[1] + c.spanCount();
                newTraces += previousChunks[k] == SpanLog.NONE ? 1 : 0;
                newSpans += c.spanCount();
            }
            if (buffer.remaining() < SpanLog.recordSize(block)) {
                log.append(buffer.flip());
                buffer.clear();
            }
            long blockOffset = log.end() + buffer.position();
            SpanLog.putHeader(buffer, block, previousChunks);
            if (buffer.remaining() >= block.compressed().length) {
                buffer.put(block.compressed());
            } else {
                log.append(buffer.flip());
                buffer.clear();
                log.append(ByteBuffer.wrap(block.compressed()));
            }
            for (int k = 0; k < block.chunks().size(); k++) {
                newOffsets[first + k] = SpanLog.address(blockOffset, k);
                unmatched[first + k] = pairCalls(chunks.get(first + k), previousChunks[k], earlierUnmatched[k], calls);
            }
        }
        log.append(buffer.flip());
        for (i = 0; i < newOffsets.length; i++) {
            TraceId t = chunks.get(i).traceId();
            heads.put(t.high(), t.low(), newOffsets[i], newCounts[2 * i], newCounts[2 * i + 1], unmatched[i],
                    newBounds[2 * i], newBounds[2 * i + 1], boundsUnknown[i]);
        }
        buffer.clear();
        // the chunks' index records, then their postings pointing at them
        long[] indexOffsets = newOffsets;
        for (i = 0; i < newOffsets.length; i++) {
            if (buffer.remaining() < IndexRecord.SIZE) {
                index.append(buffer.flip());
                buffer.clear();
            }
            long chunkOffset = newOffsets[i];
            indexOffsets[i] = index.size() + buffer.position();
            IndexRecord.put(buffer, chunks.get(i), chunkOffset, checksum);
        }
        index.append(buffer.flip());
        postingsWriter.post(chunks, indexOffsets, buffer, writableTermHeads());
        counts[0] += newSpans;
        counts[1] += newTraces;
    }

    /** The heads on the heap, loaded back from their sorted file for a write into a lane no longer written. */
    private HeapTermHeads writableTermHeads() throws IOException {
        if (terms instanceof HeapTermHeads heap) {
            return heap;
        }
        SortedTermHeads sorted = (SortedTermHeads) terms;
        HeapTermHeads heap = sorted.load();
        termsSwap.writeLock().lock();
        try {
            terms = heap;
            // before the log grows past the end the file was written for
            sorted.discard();
        } finally {
            termsSwap.writeLock().unlock();
        }
        return heap;
    }

    /**
     * Moves the term heads off the heap (format 5 on, a lane no longer written): forces the postings log, writes
     * the heads to a sorted file, and searches look terms up there from now on; the table is left to the
     * collector. The next write into the lane loads them back. False when they were not on the heap.
     */
    boolean releaseTermHeads() throws IOException {
        appendLock.lock();
        try {
            if (!(terms instanceof HeapTermHeads heap)) {
                return false;
            }
            postings.trim();
            postings.force();
            SortedTermHeads sorted = SortedTermHeads.write(directory.resolve(SortedTermHeads.FILE), heap,
                    postings.size(), termCapacity);
            termsSwap.writeLock().lock();
            try {
                terms = sorted;
            } finally {
                termsSwap.writeLock().unlock();
            }
            return true;
        } finally {
            appendLock.unlock();
        }
    }

    /** Whether the lane's term heads are on the heap. */
    boolean termHeadsOnHeap() {
        return terms instanceof HeapTermHeads;
    }

    /**
     * Counts the calls the chunk completes; true when a span of the trace here still has a parent not seen.
     * The trace's earlier chunks are read only when a parent is missing on either side.
     */
    private boolean pairCalls(Chunk c, long previousChunk, boolean earlierUnmatched, CallPairing.CallSink calls)
            throws IOException {
        boolean unmatched = CallPairing.pairWithin(c.calls(), calls);
        if (previousChunk == SpanLog.NONE || !unmatched && !earlierUnmatched) {
            return unmatched;
        }
        List<byte[]> bodies = log.readChain(previousChunk);
        List<CallSpans> earlier = new java.util.ArrayList<>(bodies.size());
        for (byte[] body : bodies) {
            earlier.add(CallSpans.of(TraceAssembler.parse(body)));
        }
        return CallPairing.pairAcross(c.calls(), earlier, calls);
    }

    /**
     * The trace's piece here: its head and its spans as the service map pairs them, one per chunk; null when
     * it has none here. The spans are empty when {@code unlessWaiting} and none of its spans here waits for a
     * parent (then no new span can be one's parent, and nothing needs reading unless the caller has spans
     * waiting itself).
     */
    TracePiece piece(TraceId traceId, boolean unlessWaiting) throws IOException {
        TraceHeads.Head head = heads.get(traceId);
        if (head == null) {
            return null;
        }
        if (unlessWaiting && !head.waitsForParent()) {
            return new TracePiece(head, List.of());
        }
        List<CallSpans> spans = new java.util.ArrayList<>(head.chunks());
        for (byte[] body : log.readChain(head.newestChunk())) {
            spans.add(CallSpans.of(TraceAssembler.parse(body)));
        }
        return new TracePiece(head, spans);
    }

    /** The trace's head here, or null; its bounds are known only in heads of format 4 on. */
    TraceHeads.Head head(TraceId traceId) {
        return heads.get(traceId);
    }

    /**
     * Widens the bounds in the trace's head here to take in a piece of it found in another partition (or marks
     * them unknown); nothing when the heads have no bounds or the trace no head here.
     */
    void widenBounds(TraceId traceId, long start, long end, boolean unknown) {
        if (!heads.hasBounds()) {
            return;
        }
        appendLock.lock();
        try {
            heads.widen(traceId, start, end, unknown);
        } finally {
            appendLock.unlock();
        }
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

    /**
     * The chunks posted under every condition (each a set of alternative terms), newest first, pruned by
     * start and duration bounds (pass {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} for none).
     */
    ChunkCandidates candidates(long[][] conditions, long startMin, long startMax, long durationMin,
            long durationMax) throws IOException {
        Postings[] postingsOf = new Postings[conditions.length];
        termsSwap.readLock().lock();
        try {
            TermHeads heads = terms;
            for (int c = 0; c < conditions.length; c++) {
                Postings[] alternatives = new Postings[conditions[c].length];
                for (int a = 0; a < alternatives.length; a++) {
                    alternatives[a] = new TermPostings(postings, hourStart, heads.newest(conditions[c][a]), startMin,
                            startMax, durationMin, durationMax, namedPostings);
                }
                postingsOf[c] = alternatives.length == 1 ? alternatives[0] : new AnyOfPostings(alternatives);
            }
        } finally {
            termsSwap.readLock().unlock();
        }
        return new ChunkCandidates(postingsOf);
    }

    /** Points {@code record} at the index record at {@code offset}; false when there is none. */
    boolean record(long offset, IndexRecord record, ByteBuffer scratch) throws IOException {
        return index.read(offset, record, scratch);
    }

    /** Whether the lane's term map holds as many terms as it was sized for. */
    boolean termsFull() {
        return terms.full();
    }

    long traces() {
        return heads.traces();
    }

    /** The bytes the lane's files take (the heads map counts at its reserved size). */
    long diskBytes() {
        return log.end() + index.size() + heads.fileSize() + postings.size() + terms.fileSize();
    }

    void force() throws IOException {
        log.force();
        heads.force();
        index.force();
        postings.force();
        terms.force();
    }

    @Override
    public void close() throws IOException {
        heads.close();
        terms.close();
        log.close();
        index.close();
        postings.close();
    }
}
