package io.spanvault.storage.chronicle;

/**
 * The trace ids a lane's writer gave a head to, as one bit per id hash (a Bloom filter with one hash): an id
 * whose bit is clear has no head, so the writer needs no map lookup to learn that a trace is new to the lane,
 * which most of a write's traces are. A set bit may be another id's (then the map is asked, as without the
 * filter). Readers ask it as well, before looking a trace up by id; its words are plain, because readers and the
 * writer reach it only under the partition's lifecycle lock, whose release after a write orders the write's bits
 * before any read that starts later. Complete only for heads this process created empty; the heap holds it, a
 * restart starts without it.
 * Sized at four bits per trace of the lane's capacity: at capacity, a new trace finds its bit set one time in five.
 */
final class HeadedTraces {
    private static final int MIN_BITS = 1 << 14;
    private static final int MAX_BITS = 1 << 26;

    private final long[] words;
    private final int shift;

    HeadedTraces(long capacity) {
        long wanted = Math.max(MIN_BITS, Math.min(MAX_BITS, 4 * capacity));
        int bits = Long.numberOfTrailingZeros(Long.highestOneBit(wanted - 1) << 1);
        words = new long[1 << (bits - 6)];
        shift = 64 - bits;
    }

    void add(long traceHigh, long traceLow) {
        int bit = bit(traceHigh, traceLow);
        words[bit >>> 6] |= 1L << bit;
    }

    /** False when the id was never {@link #add}ed; true when it was, or another id shares its bit. */
    boolean mayHold(long traceHigh, long traceLow) {
        int bit = bit(traceHigh, traceLow);
        return (words[bit >>> 6] & 1L << bit) != 0;
    }

    /**
     * The top bits of a multiplicative mix of both halves: {@link Lane#of} routes by the remainder of another mix,
     * so the ids of one lane share no low bits here.
     */
    private int bit(long traceHigh, long traceLow) {
        long h = (traceHigh ^ Long.rotateLeft(traceLow, 29)) * 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        return (int) ((h * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
