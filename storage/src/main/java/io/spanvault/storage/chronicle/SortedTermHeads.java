package io.spanvault.storage.chronicle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The term heads of a lane no longer written (format 5 on), moved off the heap: written once, sorted by term,
 * to {@code terms.sorted}, and looked up there by binary search, so the heap keeps only every
 * {@value #BLOCK}th term (its <em>fences</em>) and a lookup reads one block of the file. The file says up to
 * which end of {@code postings.log} it holds the heads; it counts only while the log still ends there (a later
 * write, or a crash before it was complete, makes the lane replay the log instead), and a write into the lane
 * first loads it back onto the heap ({@link #load}) and deletes it.
 *
 * <p>Layout: {@code int magic, int crc32c} (of everything after it), {@code long postingsEnd, long count}, then
 * {@code count} slots of {@code long term, long newestEntry, long prefixMaxStart}, ascending by term.
 */
final class SortedTermHeads implements TermHeads {
    static final String FILE = "terms.sorted";
    private static final int MAGIC = 0x53565448;
    private static final int HEADER = 2 * Integer.BYTES + 2 * Long.BYTES;
    private static final int SLOT = 3 * Long.BYTES;
    private static final int BLOCK = 128;
    private static final int COPY_SLOTS = 4096;
    private static final ThreadLocal<ByteBuffer> BLOCK_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(BLOCK * SLOT));

    private final Path file;
    private final FileChannel channel;
    private final long count;
    private final long capacity;
    /** The first term of each block of {@value #BLOCK} slots. */
    private final long[] fences;

    private SortedTermHeads(Path file, FileChannel channel, long count, long capacity, long[] fences) {
        this.file = file;
        this.channel = channel;
        this.count = count;
        this.capacity = capacity;
        this.fences = fences;
    }

    /**
     * Writes {@code heads} to {@code file} (through a temporary file renamed into place, forced first, so the
     * file is whole or absent) as the heads of {@code postingsEnd} bytes of the postings log, which the caller
     * has forced; opens it with the lane's {@code capacity} (see {@link TermHeads#full}).
     */
    static SortedTermHeads write(Path file, HeapTermHeads heads, long postingsEnd, long capacity) throws IOException {
        long[] terms = heads.termsSorted();
        Path temporary = file.resolveSibling(FILE + ".tmp");
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(0).putLong(postingsEnd)
                .putLong(terms.length);
        CRC32C checksum = new CRC32C();
        checksum.update(header.array(), 2 * Integer.BYTES, 2 * Long.BYTES);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(COPY_SLOTS * SLOT);
            long at = HEADER;
            long[] value = new long[2];
            for (int i = 0; i < terms.length; i++) {
                heads.headOf(terms[i], value);
                buffer.putLong(terms[i]).putLong(value[0]).putLong(value[1]);
                if (!buffer.hasRemaining() || i == terms.length - 1) {
                    buffer.flip();
                    checksum.update(buffer.array(), 0, buffer.limit());
                    at += writeFully(out, buffer, at);
                    buffer.clear();
                }
            }
            header.putInt(Integer.BYTES, (int) checksum.getValue()).flip();
            writeFully(out, header, 0);
            out.force(false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SortedTermHeads written = openIfCurrent(file, postingsEnd, capacity);
        if (written == null) {
            throw new IOException("term heads written to " + file + " do not read back");
        }
        return written;
    }

    /**
     * Opens the heads in {@code file} when they are whole and of a postings log ending at {@code postingsEnd};
     * null (deleting a file that is not) otherwise, when the log must be replayed.
     */
    static SortedTermHeads openIfCurrent(Path file, long postingsEnd, long capacity) throws IOException {
        // what a crash in the middle of writing them left
        Files.deleteIfExists(file.resolveSibling(FILE + ".tmp"));
        if (!Files.exists(file)) {
            return null;
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long[] fences = readFences(channel, postingsEnd);
            if (fences != null) {
                long count = (channel.size() - HEADER) / SLOT;
                return new SortedTermHeads(file, channel, count, capacity, fences);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        Files.delete(file);
        return null;
    }

    /** The fences when the file is whole and of the log's end; null when not. One pass over the file. */
    private static long[] readFences(FileChannel channel, long postingsEnd) throws IOException {
        long size = channel.size();
        if (size < HEADER || (size - HEADER) % SLOT != 0) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(channel, header, 0);
        long count = header.getLong(2 * Integer.BYTES + Long.BYTES);
        if (header.getInt(0) != MAGIC || header.getLong(2 * Integer.BYTES) != postingsEnd
                || count != (size - HEADER) / SLOT) {
            return null;
        }
        CRC32C checksum = new CRC32C();
        checksum.update(header.array(), 2 * Integer.BYTES, 2 * Long.BYTES);
        long[] fences = new long[(int) ((count + BLOCK - 1) / BLOCK)];
        ByteBuffer buffer = ByteBuffer.allocate(COPY_SLOTS * SLOT);
        for (long slot = 0; slot < count; slot += COPY_SLOTS) {
            buffer.clear().limit((int) Math.min(COPY_SLOTS, count - slot) * SLOT);
            readFully(channel, buffer, HEADER + slot * SLOT);
            checksum.update(buffer.array(), 0, buffer.limit());
            // COPY_SLOTS is a multiple of BLOCK: every read starts a block
            for (long s = slot; s < slot + buffer.limit() / SLOT; s += BLOCK) {
                fences[(int) (s / BLOCK)] = buffer.getLong((int) (s - slot) * SLOT);
            }
        }
        return (int) checksum.getValue() == header.getInt(Integer.BYTES) ? fences : null;
    }

    @Override
    public long newest(long term) {
        int block = Arrays.binarySearch(fences, term);
        if (block < 0) {
            block = -block - 2;
            if (block < 0) {
                return PostingsLog.NONE;
            }
        }
        long first = (long) block * BLOCK;
        int slots = (int) Math.min(BLOCK, count - first);
        ByteBuffer buffer = BLOCK_BUFFER.get().clear().limit(slots * SLOT);
        try {
            readFully(channel, buffer, HEADER + first * SLOT);
        } catch (IOException e) {
            throw new io.spanvault.storage.StorageException("reading term heads " + file + " failed: "
                    + e.getMessage(), e);
        }
        int low = 0;
        int high = slots - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long t = buffer.getLong(mid * SLOT);
            if (t < term) {
                low = mid + 1;
            } else if (t > term) {
                high = mid - 1;
            } else {
                return buffer.getLong(mid * SLOT + Long.BYTES);
            }
        }
        return PostingsLog.NONE;
    }

    /** The heads back on the heap, for a write into the lane; this file is then to be closed and deleted. */
    HeapTermHeads load() throws IOException {
        HeapTermHeads heads = new HeapTermHeads(capacity, count);
        ByteBuffer buffer = ByteBuffer.allocate(COPY_SLOTS * SLOT);
        for (long slot = 0; slot < count; slot += COPY_SLOTS) {
            buffer.clear().limit((int) Math.min(COPY_SLOTS, count - slot) * SLOT);
            readFully(channel, buffer, HEADER + slot * SLOT);
            for (int at = 0; at < buffer.limit(); at += SLOT) {
                heads.put(buffer.getLong(at), buffer.getLong(at + Long.BYTES), buffer.getLong(at + 2 * Long.BYTES));
            }
        }
        return heads;
    }

    /** Closes the file and deletes it: its heads are on the heap again and the log is about to grow. */
    void discard() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Override
    public boolean full() {
        return count >= 2 * capacity;
    }

    @Override
    public long terms() {
        return count;
    }

    @Override
    public long fileSize() {
        return HEADER + count * SLOT;
    }

    @Override
    public void force() {
        // forced once when written, never changed
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
    }

    private static long writeFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        long written = 0;
        while (buffer.hasRemaining()) {
            written += channel.write(buffer, at + written);
        }
        return written;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position() - start) < 0) {
                throw new IOException("term heads file ends early");
            }
        }
        buffer.flip();
    }
}
