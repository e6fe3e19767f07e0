package io.spanvault.storage.chronicle;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A lane's postings: an append-only file of entries, each listing the chunks one write posted under one term
 * (by their offsets in the lane's {@link ChunkIndex}, ascending) and pointing back to the term's previous
 * entry, so a term's chunks are read newest write first by following the chain from its {@link TermHeads}
 * entry. Each entry carries a summary that lets a search skip it or stop: the start range and duration range
 * of its chunks, and the latest chunk start of it and every older entry of the term (a prefix maximum).
 *
 * <p>Entry, all varints (times relative to the partition's hour, durations zigzag): {@code back} (this
 * entry's offset minus the previous entry's, 0 for none), {@code prefixMaxStart}, {@code minStart},
 * {@code maxStart}, {@code minDuration}, {@code maxDuration}, {@code count}, then the first index offset and
 * the gaps to the next ones. An entry is reachable only once the term's head points at it, which happens after
 * it is written; garbage a crash leaves at the end is never reachable.
 */
final class PostingsLog implements Closeable {
    static final long NONE = -1;
    /** The longest entry header: seven varints. */
    static final int MAX_HEADER = 7 * 10;
    private static final long FIRST_ENTRY = 8;

    private final FileChannel channel;
    private volatile long end;

    PostingsLog(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        end = Math.max(FIRST_ENTRY, channel.size());
    }

    /** Where the next append starts. Only the lane's writer, under its lock, uses this. */
    long end() {
        return end;
    }

    /** Writes prepared entries at {@link #end()}; the caller holds the lane's lock. */
    void append(ByteBuffer entries) throws IOException {
        long at = end;
        while (entries.hasRemaining()) {
            at += channel.write(entries, at);
        }
        end = at;
    }

    /** The longest an entry of {@code count} postings can be. */
    static int maxEntrySize(int count) {
        return MAX_HEADER + 10 * count;
    }

    /**
     * Reads the bytes of the entry at {@code offset} into {@code buffer} (from its position 0), as many as it
     * holds or as the file has; returns the buffer, flipped.
     */
    ByteBuffer read(long offset, ByteBuffer buffer) throws IOException {
        buffer.clear();
        long limit = end;
        if (offset < FIRST_ENTRY || offset >= limit) {
            return buffer.limit(0);
        }
        buffer.limit((int) Math.min(buffer.capacity(), limit - offset));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    static void putVarint(ByteBuffer out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    static void putSignedVarint(ByteBuffer out, long v) {
        putVarint(out, (v << 1) ^ (v >> 63));
    }

    /** Reads a varint at the buffer's position; -1 when the buffer ends inside it. */
    static long getVarint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                return -1;
            }
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        return -1;
    }

    static long signed(long zigzag) {
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    void force() throws IOException {
        channel.force(false);
    }

    long size() {
        return end;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
