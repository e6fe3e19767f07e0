package io.spanvault.storage.chronicle;

import io.spanvault.storage.TraceId;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.hash.impl.SizePrefixedBlob;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

/**
 * The Chronicle Map of a partition's lane from trace id to its newest chunk in the {@link SpanLog}: trace-by-id
 * in O(1). Key: the 16 id bytes; value: {@code long newestChunkOffset, int chunks, int spans}; the top bit of
 * {@code chunks} says that a span of the trace here has a parent not seen here yet (see {@link CallPairing}).
 * From format 4 ({@link PartitionFormat#BOUNDS_VERSION}) the value goes on with {@code long traceStart, long
 * traceEnd}: the earliest span start and latest span end of the trace, here and in the pieces of it that the
 * writes found in other partitions ({@link CrossPartitionCalls}), so a search bounding a whole trace's duration
 * reads no chunk of a trace out of bounds; bit 30 of {@code chunks} says a piece is in a partition of an older
 * format, whose heads have no bounds (then the bounds say nothing). The map lives in a memory-mapped file, so
 * an entry is durable against a process crash as soon as {@code put} returns.
 */
final class TraceHeads implements Closeable {
    private static final int KEY = 16;
    private static final int VALUE = 16;
    private static final int VALUE_WITH_BOUNDS = 32;
    private static final int UNMATCHED = 1 << 31;
    private static final int BOUNDS_UNKNOWN = 1 << 30;
    private static final int FLAGS = UNMATCHED | BOUNDS_UNKNOWN;

    private final ChronicleMap<byte[], byte[]> map;
    private final File file;
    private final boolean bounds;
    // the writer's scratch (appends are serialised by the lane), so a write allocates nothing per trace
    private final byte[] writerKey = new byte[KEY];
    private final ByteBuffer writerKeyView = ByteBuffer.wrap(writerKey);
    private final byte[] writerValue;
    private final ByteBuffer writerValueView;
    /** The traces given a head here by this process, when it found the map empty; else null. */
    private final HeadedTraces headed;

    private TraceHeads(ChronicleMap<byte[], byte[]> map, File file, boolean bounds, long capacity) {
        this.map = map;
        this.file = file;
        this.bounds = bounds;
        this.writerValue = new byte[bounds ? VALUE_WITH_BOUNDS : VALUE];
        this.writerValueView = ByteBuffer.wrap(writerValue);
        this.headed = map.longSize() == 0 ? new HeadedTraces(capacity) : null;
    }

    /**
     * Creates the map, or opens it: with {@code recover}, after a clean or unclean shutdown (clearing locks a
     * crash left held); without, as this process left it closed (much cheaper). {@code bounds}: the values
     * hold the trace's bounds (format 4 on).
     */
    static TraceHeads open(File file, long capacity, boolean recover, boolean bounds) throws IOException {
        var builder = ChronicleMap.of(byte[].class, byte[].class).name("trace-heads")
                .constantKeySizeBySample(new byte[KEY])
                .constantValueSizeBySample(new byte[bounds ? VALUE_WITH_BOUNDS : VALUE])
                .entries(capacity).maxBloatFactor(2.0)
                // The store closes its maps itself, after the service's shutdown flushed its last batches into
                // them; Chronicle's own exit hook would close them under that flush and fail its writes.
                .skipCloseOnExitHook(true);
        if (file.exists()) {
            requireCompleteHeader(file);
        }
        ChronicleMap<byte[], byte[]> map = file.exists() && recover ? builder.recoverPersistedTo(file, false)
                : builder.createPersistedTo(file);
        return new TraceHeads(map, file, bounds, capacity);
    }

    /**
     * Fails at once on a map whose creation never finished: Chronicle would wait a minute for its creator to
     * mark the header ready before giving up.
     */
    static void requireCompleteHeader(File file) throws IOException {
        ByteBuffer sizeWord = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            while (sizeWord.hasRemaining()
                    && channel.read(sizeWord, SizePrefixedBlob.SIZE_WORD_OFFSET + sizeWord.position()) >= 0) {
                // read the whole word
            }
        }
        if (sizeWord.hasRemaining() || !SizePrefixedBlob.isReady(sizeWord.getInt(0))) {
            throw new IOException(file.getName() + " has no complete header: its creation was interrupted");
        }
    }

    long traces() {
        return map.longSize();
    }

    /** Whether the heads hold the traces' bounds (format 4 on). */
    boolean hasBounds() {
        return bounds;
    }

    /**
     * The head of a trace, or null when it has no chunk here. Writes pairing calls across partitions ask every
     * other generation of the hour about each trace they write, so an id the filter has never seen costs no
     * map lookup here either.
     */
    Head get(TraceId traceId) {
        if (neverHeaded(traceId.high(), traceId.low())) {
            return null;
        }
        byte[] value = map.get(key(traceId));
        if (value == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        int flagged = b.getInt(8);
        boolean known = bounds && (flagged & BOUNDS_UNKNOWN) == 0;
        return new Head(b.getLong(0), flagged & ~FLAGS, b.getInt(12), flagged < 0, known,
                known ? b.getLong(16) : Long.MIN_VALUE, known ? b.getLong(24) : Long.MAX_VALUE);
    }

    /** Whether the filter knows the trace never had a head here; a reopened lane has no filter and knows nothing. */
    private boolean neverHeaded(long traceHigh, long traceLow) {
        return headed != null && !headed.mayHold(traceHigh, traceLow);
    }

    /**
     * The newest chunk offset of a trace for the writer, or {@link SpanLog#NONE}; fills {@code counts} with its
     * {@code [chunks, spans, unmatched, boundsUnknown]} so far ({@code [0, 0, 0, 0]} when it has none;
     * {@code unmatched} 1 when a span has a parent not seen) and {@code traceBounds} with its
     * {@code [start, end]} ({@code [MAX_VALUE, MIN_VALUE]} when it has none or the heads hold no bounds). Only
     * the lane's writer calls this.
     */
    long newestChunkForWriter(long traceHigh, long traceLow, int[] counts, long[] traceBounds) {
        writerKeyView.putLong(0, traceHigh).putLong(8, traceLow);
        // a trace new to the lane (most of a write's) costs no lookup, only the put that gives it its head
        byte[] value = neverHeaded(traceHigh, traceLow) ? null : map.getUsing(writerKey, writerValue);
        traceBounds[0] = Long.MAX_VALUE;
        traceBounds[1] = Long.MIN_VALUE;
        if (value == null) {
            counts[0] = 0;
            counts[1] = 0;
            counts[2] = 0;
            counts[3] = 0;
            return SpanLog.NONE;
        }
        ByteBuffer b = value == writerValue ? writerValueView : ByteBuffer.wrap(value);
        int flagged = b.getInt(8);
        counts[0] = flagged & ~FLAGS;
        counts[1] = b.getInt(12);
        counts[2] = flagged < 0 ? 1 : 0;
        counts[3] = (flagged & BOUNDS_UNKNOWN) != 0 ? 1 : 0;
        if (bounds) {
            traceBounds[0] = b.getLong(16);
            traceBounds[1] = b.getLong(24);
        }
        return b.getLong(0);
    }

    /**
     * Points the trace's head at its newest chunk, with the trace's bounds (ignored by heads without them).
     * Only the lane's writer calls this, holding the lane's lock.
     */
    void put(long traceHigh, long traceLow, long newestChunk, int chunks, int spans, boolean unmatched,
            long traceStart, long traceEnd, boolean boundsUnknown) {
        writerKeyView.putLong(0, traceHigh).putLong(8, traceLow);
        writerValueView.putLong(0, newestChunk)
                .putInt(8, chunks | (unmatched ? UNMATCHED : 0) | (boundsUnknown ? BOUNDS_UNKNOWN : 0))
                .putInt(12, spans);
        if (bounds) {
            writerValueView.putLong(16, traceStart).putLong(24, traceEnd);
        }
        // the bit first: any head a reader can find has its bit set
        if (headed != null) {
            headed.add(traceHigh, traceLow);
        }
        write();
    }

    /**
     * Widens the bounds of a trace that has a head here to take in {@code [start, end]} (a piece of it found in
     * another partition), or marks them unknown; false when it has no head here. The caller holds the lane's
     * lock.
     */
    boolean widen(TraceId traceId, long start, long end, boolean unknown) {
        int[] counts = new int[4];
        long[] known = new long[2];
        long newest = newestChunkForWriter(traceId.high(), traceId.low(), counts, known);
        if (newest == SpanLog.NONE) {
            return false;
        }
        long from = Math.min(known[0], start);
        long to = Math.max(known[1], end);
        boolean nowUnknown = counts[3] == 1 || unknown;
        if (from != known[0] || to != known[1] || nowUnknown != (counts[3] == 1)) {
            put(traceId.high(), traceId.low(), newest, counts[0], counts[1], counts[2] == 1, from, to, nowUnknown);
        }
        return true;
    }

    private void write() {
        // a query context rather than put(), which would read the previous value back into a new array
        try (ExternalMapQueryContext<byte[], byte[], ?> context = map.queryContext(writerKey)) {
            context.updateLock().lock();
            MapEntry<byte[], byte[]> entry = context.entry();
            if (entry == null) {
                context.insert(context.absentEntry(), context.wrapValueAsData(writerValue));
            } else {
                context.replaceValue(entry, context.wrapValueAsData(writerValue));
            }
        }
    }

    long fileSize() {
        return file.length();
    }

    void force() throws IOException {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
            channel.force(false);
        }
    }

    private static byte[] key(TraceId traceId) {
        return ByteBuffer.allocate(KEY).putLong(traceId.high()).putLong(traceId.low()).array();
    }

    @Override
    public void close() {
        map.close();
    }

    /**
     * Where a trace's chunks in this partition start, newest first; {@code waitsForParent} when a span of them
     * has a parent not seen here; {@code boundsKnown} when {@code [traceStart, traceEnd]} are the bounds of the
     * trace's spans here and in the pieces of it found elsewhere (else they are {@code [MIN_VALUE, MAX_VALUE]}).
     */
    record Head(long newestChunk, int chunks, int spans, boolean waitsForParent, boolean boundsKnown,
            long traceStart, long traceEnd) {
    }
}
