package io.spanvault.storage.chronicle;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The chunk index of a lane: an append-only file of fixed-size {@link IndexRecord}s, one per chunk, read at
 * the offsets the lane's postings name (and scanned on open). Records are checksummed, so on open the torn
 * tail a crash may leave is cut off, and with it the zeros after the last record that a {@link MappedTail}
 * filled ahead.
 */
final class ChunkIndex implements Closeable {
    private static final int BLOCK = IndexRecord.SIZE * (1 << 14);

    private final FileChannel channel;
    private final MappedTail tail;
    private volatile long end;

    /** Opens (or creates) the index and cuts it after its last intact record. */
    ChunkIndex(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        tail = new MappedTail(channel);
        end = channel.size();
        long[] validEnd = {0};
        scan(r -> true, at -> validEnd[0] = at + IndexRecord.SIZE, true);
        if (validEnd[0] < end) {
            channel.truncate(validEnd[0]);
            end = validEnd[0];
        }
    }

    /** Writes prepared records at the end; the caller holds the lane's lock. */
    void append(ByteBuffer records) throws IOException {
        end = tail.write(records, end);
    }

    /**
     * Visits every intact record written so far, in write order, until the visitor returns false; returns
     * false when the visitor stopped the scan.
     */
    boolean scan(Visitor visitor) throws IOException {
        return scan(visitor, at -> {
        }, false);
    }

    /** Points {@code record} at the record at {@code offset}, read into {@code scratch}; false past the end. */
    boolean read(long offset, IndexRecord record, ByteBuffer scratch) throws IOException {
        if (offset < 0 || offset + IndexRecord.SIZE > end) {
            return false;
        }
        scratch.clear().limit(IndexRecord.SIZE);
        long at = offset;
        while (scratch.hasRemaining()) {
            if (channel.read(scratch, at) < 0) {
                return false;
            }
            at = offset + scratch.position();
        }
        return record.wrap(scratch, 0, false);
    }

    private boolean scan(Visitor visitor, Progress progress, boolean verify) throws IOException {
        long limit = end;
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        IndexRecord record = new IndexRecord();
        long blockStart = 0;
        while (blockStart < limit) {
            block.clear();
            block.limit((int) Math.min(block.capacity(), limit - blockStart));
            while (block.hasRemaining() && channel.read(block, blockStart + block.position()) >= 0) {
                // keep reading until the block is full
            }
            int available = block.position();
            int at = 0;
            while (available - at >= IndexRecord.SIZE) {
                if (!record.wrap(block, at, verify)) {
                    return true;
                }
                progress.record(blockStart + at);
                if (!visitor.visit(record)) {
                    return false;
                }
                at += IndexRecord.SIZE;
            }
            if (at == 0) {
                return true;
            }
            blockStart += at;
        }
        return true;
    }

    long size() {
        return end;
    }

    /** The chunk address the last record names, {@link SpanLog#NONE} when the index is empty. */
    long lastChunkAddress() throws IOException {
        IndexRecord record = new IndexRecord();
        return read(end - IndexRecord.SIZE, record, ByteBuffer.allocate(IndexRecord.SIZE)) ? record.chunkOffset()
                : SpanLog.NONE;
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Cuts the file back to the last record (a {@link MappedTail} fills it ahead), then closes it. */
    @Override
    public void close() throws IOException {
        try {
            tail.trim(end);
        } finally {
            channel.close();
        }
    }

    /** Sees one record; the view is only valid during the call. */
    interface Visitor {
        boolean visit(IndexRecord record);
    }

    private interface Progress {
        void record(long at);
    }
}
