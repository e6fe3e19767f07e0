package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The append-only file of a partition holding chunk bodies. Each record points back to the previous chunk
 * of the same trace, so a trace is read by following the chain from the offset its head holds; records are
 * only ever reachable after they were fully written, so garbage left at the end by a crash is harmless.
 * Record: {@code int bodyLength, int rawLength, long previousOffset, body}; {@code rawLength} is the body's
 * length before {@link ChunkCodec} compressed it, 0 for a body stored as it is (as every record before
 * compression was).
 */
final class SpanLog implements Closeable {
    static final int HEADER = 16;
    static final long NONE = -1;
    private static final long FIRST_RECORD = 8;

    private final FileChannel channel;
    private volatile long end;

    SpanLog(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        end = Math.max(FIRST_RECORD, channel.size());
    }

    /** Where the next append starts. Only the lane's writer, under its lock, uses this. */
    long end() {
        return end;
    }

    static int recordSize(Chunk chunk) {
        return HEADER + chunk.body().length;
    }

    static void putRecord(ByteBuffer out, Chunk chunk, long previous) {
        putHeader(out, chunk, previous);
        out.put(chunk.body());
    }

    static void putHeader(ByteBuffer out, Chunk chunk, long previous) {
        out.putInt(chunk.body().length).putInt(chunk.rawLength()).putLong(previous);
    }

    /** Writes prepared records at {@link #end()}; the caller holds the lane's lock. */
    void append(ByteBuffer records) throws IOException {
        long at = end;
        while (records.hasRemaining()) {
            at += channel.write(records, at);
        }
        end = at;
    }

    /** The bodies of a trace's chunks in the order they were written, starting from its newest chunk. */
    List<byte[]> readChain(long newest) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        long at = newest;
        while (at != NONE) {
            header.clear();
            readFully(header, at);
            int length = header.getInt(0);
            int rawLength = header.getInt(4);
            long previous = header.getLong(8);
            if (length < 0 || rawLength < 0 || at + HEADER + length > end || previous >= at) {
                throw new StorageException("span log record at " + at + " is corrupt");
            }
            bodies.add(ChunkCodec.decompress(readBody(at, length), rawLength));
            at = previous;
        }
        Collections.reverse(bodies);
        return bodies;
    }

    /** The body of the chunk at {@code offset}. */
    byte[] read(long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(header, offset);
        return ChunkCodec.decompress(readBody(offset, header.getInt(0)), header.getInt(4));
    }

    private byte[] readBody(long offset, int length) throws IOException {
        byte[] body = new byte[length];
        readFully(ByteBuffer.wrap(body), offset + HEADER);
        return body;
    }

    private void readFully(ByteBuffer buffer, long at) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new StorageException("span log ends before offset " + position);
            }
            position += n;
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
