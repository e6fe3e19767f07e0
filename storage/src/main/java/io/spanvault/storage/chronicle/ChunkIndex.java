package io.spanvault.storage.chronicle;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The search index of a partition: an append-only file of {@link IndexRecord}s, one per chunk, scanned
 * sequentially by searches. Records are checksummed, so on open the torn tail a crash may leave is cut off.
 */
final class ChunkIndex implements Closeable {
    private static final int BLOCK = 1 << 20;

    private final FileChannel channel;
    private volatile long end;

    /** Opens (or creates) the index and cuts it after its last intact record. */
    ChunkIndex(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        end = channel.size();
        long[] validEnd = {0};
        scan(r -> true, (at, length) -> validEnd[0] = at + length, true);
        if (validEnd[0] < end) {
            channel.truncate(validEnd[0]);
            end = validEnd[0];
        }
    }

    /** Writes prepared records at the end; the caller holds the lane's lock. */
    void append(ByteBuffer records) throws IOException {
        long at = end;
        while (records.hasRemaining()) {
            at += channel.write(records, at);
        }
        end = at;
    }

    /**
     * Visits every intact record written so far, in write order, until the visitor returns false; returns
     * false when the visitor stopped the scan.
     */
    boolean scan(Visitor visitor) throws IOException {
        return scan(visitor, (at, length) -> {
        }, false);
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
            while (available - at >= IndexRecord.FIXED) {
                int length = block.getInt(at);
                if (length < IndexRecord.FIXED || length > IndexRecord.MAX_SIZE
                        || blockStart + at + length > limit) {
                    return true;
                }
                if (length > available - at) {
                    break;
                }
                if (!record.wrap(block, at, length, verify)) {
                    return true;
                }
                progress.record(blockStart + at, length);
                if (!visitor.visit(record)) {
                    return false;
                }
                at += length;
            }
            if (at == 0) {
                if (available < IndexRecord.FIXED) {
                    return true;
                }
                block = ByteBuffer.allocate(Math.max(block.capacity() * 2, block.getInt(0)));
            }
            blockStart += at;
        }
        return true;
    }

    long size() {
        return end;
    }

    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Sees one record; the view is only valid during the call. */
    interface Visitor {
        boolean visit(IndexRecord record);
    }

    private interface Progress {
        void record(long at, int length);
    }
}
