package io.spanvault.storage.chronicle;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * The term heads of a lane of format 2 to 4 ({@code terms.cm}): a Chronicle Map from a {@link SearchTerms}
 * term to its newest {@link PostingsLog} entry. Key: the 64-bit term; value: {@code long newestEntry, long
 * prefixMaxStart} (the latest chunk start posted under the term so far). Those formats are read, not
 * written, by this build ({@link HeapTermHeads} took their place).
 */
final class MappedTermHeads implements TermHeads {
    private static final int KEY = 8;
    private static final int VALUE = 16;

    private final ChronicleMap<byte[], byte[]> map;
    private final File file;
    private final long capacity;

    private MappedTermHeads(ChronicleMap<byte[], byte[]> map, File file, long capacity) {
        this.map = map;
        this.file = file;
        this.capacity = capacity;
    }

    /** Creates the map sized for {@code capacity} terms, or recovers it (clearing locks a crash left held). */
    static MappedTermHeads open(File file, long capacity, boolean recover) throws IOException {
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
        return new MappedTermHeads(map, file, capacity);
    }

    @Override
    public boolean full() {
        return map.longSize() >= 2 * capacity;
    }

    @Override
    public long terms() {
        return map.longSize();
    }

    @Override
    public long newest(long term) {
        byte[] value = map.get(ByteBuffer.allocate(KEY).putLong(0, term).array());
        return value == null ? PostingsLog.NONE : ByteBuffer.wrap(value).getLong(0);
    }

    @Override
    public long fileSize() {
        return file.length();
    }

    @Override
    public void force() throws IOException {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE)) {
            channel.force(false);
        }
    }

    @Override
    public void close() {
        map.close();
    }
}
