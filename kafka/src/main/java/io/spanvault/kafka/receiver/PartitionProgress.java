package io.spanvault.kafka.receiver;

import java.util.TreeSet;

/**
 * Which offsets of one partition were read and which are marked: the offset to commit is the first read
 * message not yet marked, or the one after the last read when all are. Messages are marked out of order (the
 * pipeline answers them concurrently); the commit never passes one still open. Used by the poll thread only.
 */
final class PartitionProgress {
    private final TreeSet<Long> open = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    void read(long offset, boolean markNow) {
        next = Math.max(next, offset + 1);
        if (!markNow) {
            open.add(offset);
        }
    }

    void mark(long offset) {
        open.remove(offset);
    }

    /** The offset to commit now, or -1 when nothing new since the last commit. */
    long commitCandidate() {
        if (next < 0) {
            return -1;
        }
        long position = open.isEmpty() ? next : open.first();
        return position > committed ? position : -1;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    long lastRead() {
        return next - 1;
    }
}
