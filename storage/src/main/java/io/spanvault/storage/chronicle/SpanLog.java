package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The append-only file of a lane holding chunk bodies. Each chunk points back to the previous chunk of the
 * same trace, so a trace is read by following the chain from the address its head holds; records are only
 * ever reachable after they were fully written, so garbage left at the end by a crash is harmless.
 *
 * <p>Format 3 appends {@link ChunkBlock}s: {@code int storedLength, int rawLength, int chunkCount}, per chunk
 * {@code long previous, int bodyLength}, then the bodies compressed together. A chunk's address is its block's
 * offset shifted left by 8 bits plus its place in the block. Format 2 (read only) holds one chunk per record:
 * {@code int bodyLength, int rawLength, long previous, body}, LZ4-compressed unless {@code rawLength} is 0, and
 * a chunk's address is its record's offset.
 */
final class SpanLog implements Closeable {
    static final long NONE = -1;
    private static final int LEGACY_HEADER = 16;
    private static final int BLOCK_HEADER = 12;
    private static final int PER_CHUNK = 12;
    private static final long FIRST_RECORD = 8;
    /**
     * The blocks a thread read last, newest first: a search's candidates, newest first, come from a few
     * blocks (a write's chunks, one block per lane), so reading the next often decompresses nothing.
     */
    private static final ThreadLocal<DecodedBlock[]> RECENT = ThreadLocal.withInitial(() -> new DecodedBlock[4]);

    private final FileChannel channel;
    private final MappedTail tail;
    private final boolean blocks;
    private volatile long end;

    /**
     * Opens the log; {@code blocks} for format 3 and later, else format 2's single-chunk records, which are
     * never appended to. A log of blocks ends after the block holding {@code lastIndexed} (the chunk the lane's
     * last index record names, {@link #NONE} for none) and the whole blocks after it: a crash can leave blocks
     * that trace heads already point at but the index does not name yet, then what is left of a
     * {@link MappedTail}'s window, which is cut off.
     */
    SpanLog(Path file, boolean blocks, long lastIndexed) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        tail = new MappedTail(channel);
        this.blocks = blocks;
        long size = channel.size();
        end = blocks ? wholeBlocksEnd(lastIndexed == NONE ? FIRST_RECORD : lastIndexed >>> 8, size)
                : Math.max(FIRST_RECORD, size);
        if (blocks) {
            tail.trim(end);
        }
    }

    /** Where the block starting at {@code offset} with {@code header} ends; -1 when the header cannot be a block's. */
    private static long blockEnd(ByteBuffer header, long offset) {
        int stored = header.getInt(0);
        int rawLength = header.getInt(4);
        int count = header.getInt(8);
        if (stored < 0 || rawLength < 0 || count < 1 || count > ChunkBlock.MAX_CHUNKS) {
            return -1;
        }
        return offset + BLOCK_HEADER + (long) PER_CHUNK * count + stored;
    }

    /** Where the run of whole blocks from {@code from} ends, in a file of {@code size} bytes. */
    private long wholeBlocksEnd(long from, long size) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(BLOCK_HEADER);
        long at = Math.min(Math.max(from, FIRST_RECORD), Math.max(size, FIRST_RECORD));
        while (at + BLOCK_HEADER <= size) {
            header.clear();
            readFully(header, at);
            long next = blockEnd(header, at);
            if (next < 0 || next > size) {
                break;
            }
            at = next;
        }
        return at;
    }

    /** Where the next append starts. Only the lane's writer, under its lock, uses this. */
    long end() {
        return end;
    }

    /** The address of the {@code index}th chunk of the block written at {@code blockOffset}. */
    static long address(long blockOffset, int index) {
        return blockOffset << 8 | index;
    }

    static int recordSize(ChunkBlock block) {
        return headerSize(block) + block.compressed().length;
    }

    static int headerSize(ChunkBlock block) {
        return BLOCK_HEADER + PER_CHUNK * block.chunks().size();
    }

    /** The block's header, {@code previous[i]} being the address of chunk i's trace's previous chunk. */
    static void putHeader(ByteBuffer out, ChunkBlock block, long[] previous) {
        List<Chunk> chunks = block.chunks();
        out.putInt(block.compressed().length).putInt(block.rawLength()).putInt(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            out.putLong(previous[i]).putInt(chunks.get(i).body().length);
        }
    }

    /** Writes prepared records at {@link #end()}; the caller holds the lane's lock. */
    void append(ByteBuffer records) throws IOException {
        if (!blocks) {
            throw new IllegalStateException("a format 2 span log is read only");
        }
        end = tail.write(records, end);
    }

    /** The bodies of a trace's chunks in the order they were written, starting from its newest chunk. */
    List<byte[]> readChain(long newest) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        long at = newest;
        long[] previous = new long[1];
        while (at != NONE) {
            bodies.add(read(at, previous));
            if (previous[0] >= at) {
                throw new StorageException("span log record at " + at + " is corrupt");
            }
            at = previous[0];
        }
        Collections.reverse(bodies);
        return bodies;
    }

    /** The body of the chunk at {@code address}. */
    byte[] read(long address) throws IOException {
        return read(address, new long[1]);
    }

    private byte[] read(long address, long[] previous) throws IOException {
        if (!blocks) {
            return readLegacy(address, previous);
        }
        DecodedBlock block = block(address >>> 8);
        int index = (int) (address & 0xFF);
        if (index >= block.previous.length) {
            throw new StorageException("span log block at " + (address >>> 8) + " has no chunk " + index);
        }
        previous[0] = block.previous[index];
        return Arrays.copyOfRange(block.raw, block.starts[index], block.starts[index + 1]);
    }

    private DecodedBlock block(long offset) throws IOException {
        DecodedBlock[] recent = RECENT.get();
        for (DecodedBlock b : recent) {
            if (b != null && b.log == this && b.offset == offset) {
                return b;
            }
        }
        ByteBuffer header = ByteBuffer.allocate(BLOCK_HEADER);
        readFully(header, offset);
        int stored = header.getInt(0);
        int rawLength = header.getInt(4);
        int count = header.getInt(8);
        long blockEnd = blockEnd(header, offset);
        if (blockEnd < 0 || blockEnd > end) {
            throw new StorageException("span log block at " + offset + " is corrupt");
        }
        ByteBuffer record = ByteBuffer.allocate(PER_CHUNK * count + stored);
        readFully(record, offset + BLOCK_HEADER);
        long[] previous = new long[count];
        int[] starts = new int[count + 1];
        for (int i = 0; i < count; i++) {
            previous[i] = record.getLong(PER_CHUNK * i);
            int length = record.getInt(PER_CHUNK * i + 8);
            if (length < 0 || starts[i] + (long) length > rawLength) {
                throw new StorageException("span log block at " + offset + " is corrupt");
            }
            starts[i + 1] = starts[i] + length;
        }
        if (starts[count] != rawLength) {
            throw new StorageException("span log block at " + offset + " is corrupt");
        }
        DecodedBlock block = new DecodedBlock(this, offset, previous, starts,
                ChunkCodec.decompress(record.array(), PER_CHUNK * count, stored, rawLength));
        System.arraycopy(recent, 0, recent, 1, recent.length - 1);
        recent[0] = block;
        return block;
    }

    private record DecodedBlock(SpanLog log, long offset, long[] previous, int[] starts, byte[] raw) {
    }

    private byte[] readLegacy(long at, long[] previous) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(LEGACY_HEADER);
        readFully(header, at);
        int length = header.getInt(0);
        int rawLength = header.getInt(4);
        previous[0] = header.getLong(8);
        if (length < 0 || rawLength < 0 || at + LEGACY_HEADER + length > end) {
            throw new StorageException("span log record at " + at + " is corrupt");
        }
        byte[] body = new byte[length];
        readFully(ByteBuffer.wrap(body), at + LEGACY_HEADER);
        return ChunkCodec.decompressLegacy(body, rawLength);
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

    /** Cuts the file back to the log's end (a {@link MappedTail} fills it ahead), then closes it. */
    @Override
    public void close() throws IOException {
        try {
            if (blocks) {
                tail.trim(end);
            }
        } finally {
            channel.close();
        }
    }
}
