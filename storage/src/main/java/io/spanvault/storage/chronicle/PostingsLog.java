package io.spanvault.storage.chronicle;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

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
 *
 * <p>From format 5 on the term heads are on the heap ({@link HeapTermHeads}) and rebuilt from this log at open
 * ({@link PostingsReplay}), so the log says which term each entry is of: a term's first entry (the one with
 * {@code back} 0) has the 8-byte term right after {@code back}, a later one is of the term of the entry it
 * points back to. Entries are written in <em>frames</em>, one per append: {@code int length, int crc32c} of
 * the entries that follow, so the replay cuts a torn tail at the first frame that is not whole, and with it the
 * zeros after the last frame that a {@link MappedTail} filled ahead (a frame is never empty).
 */
final class PostingsLog implements Closeable {
    static final long NONE = -1;
    /** The longest entry header: seven varints and a term. */
    static final int MAX_HEADER = 7 * 10 + Long.BYTES;
    /** A frame's header: the length and CRC-32C of its entries. */
    static final int FRAME_HEADER = 2 * Integer.BYTES;
    static final long FIRST_ENTRY = 8;

    private final FileChannel channel;
    private final MappedTail tail;
    private final CRC32C checksum = new CRC32C();
    private volatile long end;

    PostingsLog(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        tail = new MappedTail(channel);
        end = Math.max(FIRST_ENTRY, channel.size());
    }

    /** Rebuilds the term heads from this log of format 5 on into {@code heads}, cutting a torn tail off. */
    void replay(long hourStart, HeapTermHeads heads) throws IOException {
        long whole = PostingsReplay.replay(channel, hourStart, heads);
        if (whole < channel.size()) {
            channel.truncate(Math.max(whole, FIRST_ENTRY));
        }
        end = whole;
    }

    /** Where the next append starts. Only the lane's writer, under its lock, uses this. */
    long end() {
        return end;
    }

    /**
     * Starts a frame in {@code buffer} (cleared): entries put from its position on are at
     * {@code end() + buffer.position()} once {@link #appendFrame} wrote it.
     */
    static void startFrame(ByteBuffer buffer) {
        buffer.clear().position(FRAME_HEADER);
    }

    /** Whether a frame started in {@code buffer} holds no entry yet. */
    static boolean emptyFrame(ByteBuffer buffer) {
        return buffer.position() == FRAME_HEADER;
    }

    /**
     * Writes the frame of entries in {@code buffer} (from {@link #startFrame} to its position) at {@link #end()},
     * with its length and checksum; the caller holds the lane's lock.
     */
    void appendFrame(ByteBuffer buffer) throws IOException {
        int length = buffer.position() - FRAME_HEADER;
        checksum.reset();
        checksum.update(buffer.array(), buffer.arrayOffset() + FRAME_HEADER, length);
        buffer.putInt(0, length).putInt(Integer.BYTES, (int) checksum.getValue());
        buffer.flip();
        end = tail.write(buffer, end);
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

    /**
     * Cuts the file back to the log's end (a {@link MappedTail} fills it ahead), so that its size is where the
     * entries end, as sorted term heads written now record it.
     */
    void trim() throws IOException {
        tail.trim(end);
    }

    @Override
    public void close() throws IOException {
        try {
            trim();
        } finally {
            channel.close();
        }
    }
}
