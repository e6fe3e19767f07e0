package io.spanvault.storage.chronicle;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

/**
 * The Chronicle Map of a lane from a {@link SearchTerms} term to its newest {@link PostingsLog} entry.
 * Key: the 64-bit term; value: {@code long newestEntry, long prefixMaxStart} (the latest chunk start posted
 * under the term so far). Memory-mapped, so an update is durable against a process crash once made.
 */
final class TermHeads implements Closeable {
    private static final int KEY = 8;
    private static final int VALUE = 16;

    private final ChronicleMap<byte[], byte[]> map;
    private final File file;
    private final long capacity;
    private final byte[] writerKey = new byte[KEY];
    private final ByteBuffer writerKeyView = ByteBuffer.wrap(writerKey);
    private final byte[] writerValue = new byte[VALUE];
    private final ByteBuffer writerValueView = ByteBuffer.wrap(writerValue);

    private TermHeads(ChronicleMap<byte[], byte[]> map, File file, long capacity) {
        this.map = map;
        this.file = file;
        this.capacity = capacity;
    }

    /** Creates the map sized for {@code capacity} terms, or recovers it (clearing locks a crash left held). */
    static TermHeads open(File file, long capacity, boolean recover) throws IOException {
        var builder = ChronicleMap.of(byte[].class, byte[].class).name("term-heads")
                .constantKeySizeBySample(new byte[KEY]).constantValueSizeBySample(new byte[VALUE])
                .entries(capacity)
                // one write may bring any number of terms (a 10,000-span trace with an id per span) before
                // full() can roll the partition over; extra tiers are allocated only when used
                .maxBloatFactor(1000.0)
                // closed by the store after the shutdown flush, as TraceHeads are
                .skipCloseOnExitHook(true);
        if (file.exists()) {
            TraceHeads.requireCompleteHeader(file);
        }
        ChronicleMap<byte[], byte[]> map = file.exists() && recover ? builder.recoverPersistedTo(file, false)
                : builder.createPersistedTo(file);
        return new TermHeads(map, file, capacity);
    }

    /** Whether the map holds as many terms as it should before its partition rolls over to a new one. */
    boolean full() {
        return map.longSize() >= 2 * capacity;
    }

    long terms() {
        return map.longSize();
    }

    /**
     * The newest entry of a term for the writer, or {@link PostingsLog#NONE}; {@code prefixMax[0]} gets its
     * latest start so far (unchanged when the term is new). Only the lane's writer calls this.
     */
    long newestForWriter(long term, long[] prefixMax) {
        writerKeyView.putLong(0, term);
        byte[] value = map.getUsing(writerKey, writerValue);
        if (value == null) {
            return PostingsLog.NONE;
        }
        ByteBuffer b = value == writerValue ? writerValueView : ByteBuffer.wrap(value);
        prefixMax[0] = b.getLong(8);
        return b.getLong(0);
    }

    /** Points the term at its newest entry. Only the lane's writer calls this. */
    void put(long term, long newestEntry, long prefixMaxStart) {
        writerKeyView.putLong(0, term);
        writerValueView.putLong(0, newestEntry).putLong(8, prefixMaxStart);
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

    /** The newest entry of a term, or {@link PostingsLog#NONE}; for searches (any thread). */
    long newest(long term) {
        byte[] value = map.get(ByteBuffer.allocate(KEY).putLong(0, term).array());
        return value == null ? PostingsLog.NONE : ByteBuffer.wrap(value).getLong(0);
    }

    long fileSize() {
        return file.length();
    }

    void force() throws IOException {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
            channel.force(false);
        }
    }

    @Override
    public void close() {
        map.close();
    }
}
