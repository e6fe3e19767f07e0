package io.spanvault.storage.chronicle;

/**
 * A Bloom filter over {@link SearchTerms} hashes, 10 to 20 bits per term (≤1% false positives), stored as
 * a power-of-two number of longs in a chunk's index record so that probes mask instead of dividing.
 */
final class TermBloom {
    private static final int PROBES = 4;
    private static final int BITS_PER_TERM = 10;
    static final int MAX_WORDS = 1 << 14;

    private TermBloom() {
    }

    /** The number of 64-bit words to hold {@code terms} terms. */
    static int wordsFor(int terms) {
        int words = Math.max(1, (terms * BITS_PER_TERM + 63) / 64);
        return Math.min(MAX_WORDS, words == 1 ? 1 : Integer.highestOneBit(words - 1) << 1);
    }

    static void add(long[] words, int offset, int length, long term) {
        int mask = length * 64 - 1;
        int h1 = (int) term;
        int h2 = (int) (term >>> 32);
        for (int i = 0; i < PROBES; i++) {
            int bit = (h1 + i * h2) & mask;
            words[offset + (bit >>> 6)] |= 1L << bit;
        }
    }

    /** Whether the filter of {@code length} (a power of two) words read through {@code words} may hold {@code term}. */
    static boolean mayContain(WordSource words, int length, long term) {
        int mask = length * 64 - 1;
        int h1 = (int) term;
        int h2 = (int) (term >>> 32);
        for (int i = 0; i < PROBES; i++) {
            int bit = (h1 + i * h2) & mask;
            if ((words.word(bit >>> 6) & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads the i-th word of a stored filter. */
    interface WordSource {
        long word(int i);
    }
}
