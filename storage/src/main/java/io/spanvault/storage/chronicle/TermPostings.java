package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One term's chunks in a lane, newest first, read entry by entry along the term's chain in the
 * {@link PostingsLog}. Entries whose summary shows they cannot hold a chunk the search wants (start or
 * duration out of bounds) are skipped whole; the chain ends once no older entry can start late enough.
 */
final class TermPostings implements Postings {
    private final PostingsLog log;
    private final long hourStart;
    private final long startMin;
    private final long startMax;
    private final long durationMin;
    private final long durationMax;
    private final boolean namedFirstEntries;
    private ByteBuffer buffer = ByteBuffer.allocate(512);
    private long[] offsets = new long[64];
    private int index;
    private long entry;
    private long previousEntry;
    private long bound = Long.MIN_VALUE;

    /**
     * The chain starting at {@code newestEntry} ({@link PostingsLog#NONE} for a term the lane never saw),
     * pruned to chunks starting in {@code [startMin, startMax]} with durations overlapping
     * {@code [durationMin, durationMax]}; {@code namedFirstEntries} for a log of format 5 on, whose first
     * entry of a term holds the term.
     */
    TermPostings(PostingsLog log, long hourStart, long newestEntry, long startMin, long startMax, long durationMin,
            long durationMax, boolean namedFirstEntries) throws IOException {
        this.log = log;
        this.namedFirstEntries = namedFirstEntries;
        this.hourStart = hourStart;
        this.startMin = startMin;
        this.startMax = startMax;
        this.durationMin = durationMin;
        this.durationMax = durationMax;
        this.previousEntry = newestEntry;
        this.index = -1;
        load();
    }

    @Override
    public long current() {
        return index >= 0 ? offsets[index] : END;
    }

    @Override
    public void advance() throws IOException {
        if (--index < 0) {
            load();
        }
    }

    @Override
    public void advanceTo(long offset) throws IOException {
        while (index >= 0 && offsets[index] > offset) {
            if (offsets[0] > offset) {
                index = -1;
                load();
            } else {
                index--;
            }
        }
    }

    @Override
    public long bound() {
        return index >= 0 ? bound : Long.MIN_VALUE;
    }

    /** Reads older entries until one may hold a wanted chunk, or the chain ends. */
    private void load() throws IOException {
        while (previousEntry != PostingsLog.NONE) {
            entry = previousEntry;
            ByteBuffer in = log.read(entry, buffer);
            long back = PostingsLog.getVarint(in);
            if (back == 0 && namedFirstEntries) {
                in.position(Math.min(in.limit(), in.position() + Long.BYTES));
            }
            long prefixMax = hourStart + PostingsLog.getVarint(in);
            long minStart = hourStart + PostingsLog.getVarint(in);
            long maxStart = hourStart + PostingsLog.getVarint(in);
            long minDuration = PostingsLog.signed(PostingsLog.getVarint(in));
            long maxDuration = PostingsLog.signed(PostingsLog.getVarint(in));
            long count = PostingsLog.getVarint(in);
            if (count < 1 || back < 0 || back > entry) {
                throw new StorageException("postings entry at " + entry + " is corrupt");
            }
            previousEntry = back == 0 ? PostingsLog.NONE : entry - back;
            if (prefixMax < startMin) {
                previousEntry = PostingsLog.NONE;
                break;
            }
            if (maxStart < startMin || minStart > startMax || maxDuration < durationMin || minDuration > durationMax) {
                continue;
            }
            if (in.remaining() < count * 10 && in.limit() == buffer.capacity()) {
                buffer = ByteBuffer.allocate(PostingsLog.maxEntrySize((int) count));
                previousEntry = entry;
                continue;
            }
            if (offsets.length < count) {
                offsets = Arrays.copyOf(offsets, (int) count);
            }
            long offset = 0;
            for (int i = 0; i < count; i++) {
                long gap = PostingsLog.getVarint(in);
                if (gap < 0) {
                    throw new StorageException("postings entry at " + entry + " is truncated");
                }
                offset += gap;
                offsets[i] = offset;
            }
            bound = Math.min(prefixMax, startMax);
            index = (int) count - 1;
            return;
        }
        index = -1;
    }
}
