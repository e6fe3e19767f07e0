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
 * {@code chunks} says that a span of the trace here has a parent not seen here yet (see {@link CallPairing}). The map lives
 * in a memory-mapped file, so an entry is durable against a process crash as soon as {@code put} returns.
 */
final class TraceHeads implements Closeable {
    private static final int KEY = 16;
    private static final int VALUE = 16;
    private static final int UNMATCHED = 1 << 31;

    private final ChronicleMap<byte[], byte[]> map;
    private final File file;
    // the writer's scratch (appends are serialised by the lane), so a write allocates nothing per trace
    private final byte[] writerKey = new byte[KEY];
    private final ByteBuffer writerKeyView = ByteBuffer.wrap(writerKey);
    private final byte[] writerValue = new byte[VALUE];
    private final ByteBuffer writerValueView = ByteBuffer.wrap(writerValue);

    private TraceHeads(ChronicleMap<byte[], byte[]> map, File file) {
        this.map = map;
        this.file = file;
    }

    /**
     * Creates the map, or opens it: with {@code recover}, after a clean or unclean shutdown (clearing locks a
     * crash left held); without, as this process left it closed (much cheaper).
     */
    static TraceHeads open(File file, long capacity, boolean recover) throws IOException {
        var builder = ChronicleMap.of(byte[].class, byte[].class).name("trace-heads")
                .constantKeySizeBySample(new byte[KEY]).constantValueSizeBySample(new byte[VALUE])
                .entries(capacity).maxBloatFactor(2.0)
                // The store closes its maps itself, after the service's shutdown flushed its last batches into
                // them; Chronicle's own exit hook would close them under that flush and fail its writes.
                .skipCloseOnExitHook(true);
        if (file.exists()) {
            requireCompleteHeader(file);
        }
        ChronicleMap<byte[], byte[]> map = file.exists() && recover ? builder.recoverPersistedTo(file, false)
                : builder.createPersistedTo(file);
        return new TraceHeads(map, file);
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

    /** The head of a trace: {@code [newestChunkOffset, chunks, spans]}, or null when it has no chunk here. */
    Head get(TraceId traceId) {
        byte[] value = map.get(key(traceId));
        if (value == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        return new Head(b.getLong(0), b.getInt(8) & ~UNMATCHED, b.getInt(12), b.getInt(8) < 0);
    }

    /**
     * The newest chunk offset of a trace for the writer, or {@link SpanLog#NONE}; fills {@code counts} with its
     * {@code [chunks, spans, unmatched]} so far ({@code [0, 0, 0]} when it has none; {@code unmatched} 1 when a
     * span has a parent not seen). Only the lane's writer calls this.
     */
    long newestChunkForWriter(long traceHigh, long traceLow, int[] counts) {
        writerKeyView.putLong(0, traceHigh).putLong(8, traceLow);
        byte[] value = map.getUsing(writerKey, writerValue);
        if (value == null) {
            counts[0] = 0;
            counts[1] = 0;
            counts[2] = 0;
            return SpanLog.NONE;
        }
        ByteBuffer b = value == writerValue ? writerValueView : ByteBuffer.wrap(value);
        counts[0] = b.getInt(8) & ~UNMATCHED;
        counts[1] = b.getInt(12);
        counts[2] = b.getInt(8) < 0 ? 1 : 0;
        return b.getLong(0);
    }

    /** Points the trace's head at its newest chunk. Only the lane's writer calls this. */
    void put(long traceHigh, long traceLow, long newestChunk, int chunks, int spans, boolean unmatched) {
        writerKeyView.putLong(0, traceHigh).putLong(8, traceLow);
        writerValueView.putLong(0, newestChunk).putInt(8, chunks | (unmatched ? UNMATCHED : 0)).putInt(12, spans);
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
     * has a parent not seen here.
     */
    record Head(long newestChunk, int chunks, int spans, boolean waitsForParent) {
    }
}
