package io.spanvault.storage.chronicle;

import java.util.concurrent.locks.StampedLock;

/**
 * The term heads of a lane of format 5 on: term → newest {@link PostingsLog} entry and latest start posted
 * under the term so far, on the heap in one open-addressing table of primitives (no object per term), rebuilt
 * from the postings log when the lane opens ({@link PostingsLog#replay}). A write moves its heads without a
 * map operation on disk; the log it has already written is what makes them durable.
 *
 * <p>Slots are three longs (term, entry, latest start); term 0 is never a term ({@link SearchTerms}), so it
 * marks an empty slot. Only the lane's writer changes the table, under the lane's lock, and its changes of one
 * write are published together under a write stamp; searches on any thread read optimistically and read again
 * under the read lock when a write came in between.
 */
final class HeapTermHeads implements TermHeads {
    private static final int STRIDE = 3;
    private static final int MIN_SLOTS = 1 << 6;

    private final long capacity;
    private final StampedLock lock = new StampedLock();
    private long[] table = new long[MIN_SLOTS * STRIDE];
    private int terms;

    /** {@code capacity}: the terms the lane is sized for; at twice as many its partition is full. */
    HeapTermHeads(long capacity) {
        this.capacity = capacity;
    }

    /** As {@link #HeapTermHeads(long)}, the table sized for {@code terms} terms at once. */
    HeapTermHeads(long capacity, long terms) {
        this.capacity = capacity;
        int slots = MIN_SLOTS;
        while (3 * terms > 2L * slots) {
            slots *= 2;
        }
        table = new long[slots * STRIDE];
    }

    @Override
    public boolean full() {
        return terms >= 2 * capacity;
    }

    @Override
    public long terms() {
        return terms;
    }

    @Override
    public long newest(long term) {
        long stamp = lock.tryOptimisticRead();
        long entry = probe(table, term);
        if (lock.validate(stamp)) {
            return entry;
        }
        stamp = lock.readLock();
        try {
            return probe(table, term);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * The newest entry of a term for the writer, or {@link PostingsLog#NONE}; {@code prefixMax[0]} gets its
     * latest start so far (unchanged when the term is new). Only the lane's writer calls this.
     */
    long newestForWriter(long term, long[] prefixMax) {
        long[] t = table;
        int slot = find(t, term);
        if (t[slot] == 0) {
            return PostingsLog.NONE;
        }
        prefixMax[0] = t[slot + 2];
        return t[slot + 1];
    }

    /** Starts the writer's changes of one write: searches see none of them until {@link #publish}. */
    long beginUpdate() {
        return lock.writeLock();
    }

    void publish(long stamp) {
        lock.unlockWrite(stamp);
    }

    /** Points the term at its newest entry; between {@link #beginUpdate} and {@link #publish}, or before use. */
    void put(long term, long newestEntry, long prefixMaxStart) {
        int slot = find(table, term);
        if (table[slot] == 0) {
            if (3 * (terms + 1) > 2 * (table.length / STRIDE)) {
                grow();
                slot = find(table, term);
            }
            table[slot] = term;
            terms++;
        }
        table[slot + 1] = newestEntry;
        table[slot + 2] = prefixMaxStart;
    }

    /** The terms, ascending; only the lane's writer calls this (or a caller that holds the lane's lock). */
    long[] termsSorted() {
        long[] out = new long[terms];
        int n = 0;
        for (int s = 0; s < table.length; s += STRIDE) {
            if (table[s] != 0) {
                out[n++] = table[s];
            }
        }
        java.util.Arrays.sort(out);
        return out;
    }

    /** {@code [newest entry, latest start]} of a term the table holds; as {@link #termsSorted}, the writer's. */
    void headOf(long term, long[] value) {
        int slot = find(table, term);
        value[0] = table[slot + 1];
        value[1] = table[slot + 2];
    }

    /** The heap the table takes, in bytes. */
    long heapBytes() {
        return 8L * table.length;
    }

    private void grow() {
        long[] old = table;
        long[] grown = new long[old.length * 2];
        for (int s = 0; s < old.length; s += STRIDE) {
            if (old[s] != 0) {
                int to = find(grown, old[s]);
                grown[to] = old[s];
                grown[to + 1] = old[s + 1];
                grown[to + 2] = old[s + 2];
            }
        }
        table = grown;
    }

    /** The slot (array index) holding {@code term}, or the empty one where it would go. */
    private static int find(long[] t, long term) {
        int mask = t.length / STRIDE - 1;
        int slot = spread(term) & mask;
        while (t[slot * STRIDE] != 0 && t[slot * STRIDE] != term) {
            slot = (slot + 1) & mask;
        }
        return slot * STRIDE;
    }

    /**
     * The newest entry of {@code term} in a table a writer may be changing meanwhile: the probe is bounded, so
     * a torn view ends (and the caller reads again under the lock).
     */
    private static long probe(long[] t, long term) {
        int slots = t.length / STRIDE;
        int slot = spread(term) & (slots - 1);
        for (int i = 0; i < slots; i++) {
            long k = t[slot * STRIDE];
            // an empty slot first: a query may ask for term 0, which no chunk has
            if (k == 0) {
                return PostingsLog.NONE;
            }
            if (k == term) {
                return t[slot * STRIDE + 1];
            }
            slot = (slot + 1) & (slots - 1);
        }
        return PostingsLog.NONE;
    }

    private static int spread(long term) {
        return (int) (term ^ term >>> 32);
    }

    @Override
    public long fileSize() {
        return 0;
    }

    @Override
    public void force() {
        // nothing on disk: the postings log is what is forced
    }

    @Override
    public void close() {
        // heap only
    }
}
