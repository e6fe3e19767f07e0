package io.spanvault.storage.chronicle;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One chunk's entry in a partition's search index, read in place from a buffer (a flyweight). Layout:
 * {@code int length, long traceHigh, long traceLow, long chunkOffset, int spanCount, long startMin,
 * long startMax, long durationMin, long durationMax, int bloomWords, long[bloomWords], int crc32c}.
 */
final class IndexRecord implements TermBloom.WordSource {
    static final int FIXED = 4 + 16 + 8 + 4 + 32 + 4 + 4;
    private static final int BLOOM_WORDS = 64;
    private static final int BLOOM = 68;

    private ByteBuffer buffer;
    private int base;

    static int size(Chunk chunk) {
        return FIXED + 8 * chunk.bloom().length;
    }

    /** Writes the record; {@code crc} is the writer's, reset here. */
    static void put(ByteBuffer out, Chunk chunk, long chunkOffset, CRC32C crc) {
        int start = out.position();
        out.putInt(size(chunk)).putLong(chunk.traceId().high()).putLong(chunk.traceId().low()).putLong(chunkOffset)
                .putInt(chunk.spanCount()).putLong(chunk.startMin()).putLong(chunk.startMax())
                .putLong(chunk.durationMin()).putLong(chunk.durationMax()).putInt(chunk.bloom().length);
        for (long w : chunk.bloom()) {
            out.putLong(w);
        }
        crc.reset();
        crc.update(out.array(), out.arrayOffset() + start, out.position() - start);
        out.putInt((int) crc.getValue());
    }

    /** The longest record: a full Bloom filter. */
    static final int MAX_SIZE = FIXED + 8 * TermBloom.MAX_WORDS;

    /**
     * Points this view at the record of {@code length} bytes at {@code at}; false when it is not intact
     * (the torn end of a file). Only {@code verify} checks the checksum: recovery needs it, searches read
     * records that recovery or this process already proved.
     */
    boolean wrap(ByteBuffer source, int at, int length, boolean verify) {
        int words = source.getInt(at + BLOOM_WORDS);
        if (words != (length - FIXED) / 8 || (length - FIXED) % 8 != 0 || Integer.bitCount(words) != 1) {
            return false;
        }
        if (verify) {
            CRC32C crc = new CRC32C();
            crc.update(source.duplicate().position(at).limit(at + length - 4));
            if ((int) crc.getValue() != source.getInt(at + length - 4)) {
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

    int bloomWords() {
        return buffer.getInt(base + BLOOM_WORDS);
    }

    @Override
    public long word(int i) {
        return buffer.getLong(base + BLOOM + 8 * i);
    }
}
