package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TermBloomTest {

    @Test
    void holdsEveryTermAddedAndFewOthers() {
        SplittableRandom random = new SplittableRandom(7);
        int terms = 500;
        long[] added = new long[terms];
        long[] words = new long[TermBloom.wordsFor(terms)];
        assertEquals(1, Integer.bitCount(words.length), "a power of two");
        for (int i = 0; i < terms; i++) {
            added[i] = random.nextLong();
            TermBloom.add(words, 0, words.length, added[i]);
        }
        for (long t : added) {
            assertTrue(TermBloom.mayContain(i -> words[i], words.length, t));
        }
        int falsePositives = 0;
        for (int i = 0; i < 10_000; i++) {
            falsePositives += TermBloom.mayContain(i2 -> words[i2], words.length, random.nextLong()) ? 1 : 0;
        }
        assertTrue(falsePositives < 200, falsePositives + " false positives in 10000");
    }
}
