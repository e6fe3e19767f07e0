package io.spanvault.storage.chronicle;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One chunk's entry in a lane's chunk index, read in place from a buffer (a flyweight). Fixed size, so a
 * posting (an index offset) reaches it with one read. Layout: {@code int length, long traceHigh,
 * long traceLow, long chunkOffset, int spanCount, long startMin, long startMax, long durationMin,
 * long durationMax, int crc32c}. Which terms a chunk holds is in the lane's postings, not here.
 */
final class IndexRecord {
    static final int SIZE = 4 + 16 + 8 + 4 + 32 + 4;

    private ByteBuffer buffer;
    private int base;

    /** Writes the record; {@code crc} is the writer's, reset here. */
    static void put(ByteBuffer out, Chunk chunk, long chunkOffset, CRC32C crc) {
        int start = out.position();
        out.putInt(SIZE).putLong(chunk.traceId().high()).putLong(chunk.traceId().low()).putLong(chunkOffset)
                .putInt(chunk.spanCount()).putLong(chunk.startMin()).putLong(chunk.startMax())
                .putLong(chunk.durationMin()).putLong(chunk.durationMax());
        crc.reset();
        crc.update(out.array(), out.arrayOffset() + start, out.position() - start);
        out.putInt((int) crc.getValue());
    }

    /**
     * Points this view at the record at {@code at}; false when it is not intact (the torn end of a file).
     * Only {@code verify} checks the checksum: recovery needs it, searches read records that recovery or
     * this process already proved.
     */
    boolean wrap(ByteBuffer source, int at, boolean verify) {
        if (source.getInt(at) != SIZE) {
            return false;
        }
        if (verify) {
            CRC32C crc = new CRC32C();
            crc.update(source.duplicate().position(at).limit(at + SIZE - 4));
            if ((int) crc.getValue() != source.getInt(at + SIZE - 4)) {
                return false;
            }
        }
        buffer = source;
        base = at;
        return true;
    }

    long traceHigh() {
        return buffer.getLong(base + 4);
    }

    long traceLow() {
        return buffer.getLong(base + 12);
    }

    long chunkOffset() {
        return buffer.getLong(base + 20);
    }

    int spanCount() {
        return buffer.getInt(base + 28);
    }

    long startMin() {
        return buffer.getLong(base + 32);
    }

    long startMax() {
        return buffer.getLong(base + 40);
    }

    long durationMin() {
        return buffer.getLong(base + 48);
    }

    long durationMax() {
        return buffer.getLong(base + 56);
    }
}
