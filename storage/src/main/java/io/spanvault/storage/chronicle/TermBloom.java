package io.spanvault.storage.chronicle;

/**
 * A Bloom filter over {@link SearchTerms} hashes, about 10 bits per term (≈1% false positives), stored as
 * whole longs in a chunk's index record.
 */
final class TermBloom {
    private static final int PROBES = 4;
    private static final int BITS_PER_TERM = 10;
    static final int MAX_WORDS = 1 << 14;

    private TermBloom() {
    }

    /** The number of 64-bit words to hold {@code terms} terms. */
    static int wordsFor(int terms) {
        return Math.min(MAX_WORDS, Math.max(1, (terms * BITS_PER_TERM + 63) / 64));
    }

    static void add(long[] words, int offset, int length, long term) {
        long bits = (long) length * 64;
        int h1 = (int) term;
        int h2 = (int) (term >>> 32);
        for (int i = 0; i < PROBES; i++) {
            long bit = Integer.toUnsignedLong(h1 + i * h2) % bits;
            words[offset + (int) (bit >>> 6)] |= 1L << bit;
        }
    }

    /** Whether the filter of {@code length} words read through {@code words} may hold {@code term}. */
    static boolean mayContain(WordSource words, int length, long term) {
        long bits = (long) length * 64;
        int h1 = (int) term;
        int h2 = (int) (term >>> 32);
        for (int i = 0; i < PROBES; i++) {
            long bit = Integer.toUnsignedLong(h1 + i * h2) % bits;
            if ((words.word((int) (bit >>> 6)) & (1L << bit)) == 0) {
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
