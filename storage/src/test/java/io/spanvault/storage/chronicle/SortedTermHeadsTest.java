package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lane's term heads written sorted to a file: every term is found with its entry (across block boundaries,
 * negative terms included), terms not there are not, the heads load back onto the heap as they were, and a
 * file that is torn or written for another end of the postings log is not used (and is deleted).
 */
class SortedTermHeadsTest {
    private static final int TERMS = 1000;
    private static final long POSTINGS_END = 12_345;

    @TempDir
    Path dir;

    private HeapTermHeads heads() {
        HeapTermHeads heads = new HeapTermHeads(TERMS);
        SplittableRandom random = new SplittableRandom(7);
        long stamp = heads.beginUpdate();
        for (int i = 0; i < TERMS; i++) {
            long term = random.nextLong() | 1;
            heads.put(term, 8 + 10L * i, 1000L + i);
        }
        heads.publish(stamp);
        return heads;
    }

    private Path file() {
        return dir.resolve(SortedTermHeads.FILE);
    }

    @Test
    void everyTermIsFoundWithItsNewestEntryAndNoOtherIs() throws IOException {
        HeapTermHeads heads = heads();
        try (SortedTermHeads sorted = SortedTermHeads.write(file(), heads, POSTINGS_END, TERMS)) {
            assertEquals(TERMS, sorted.terms());
            for (long term : heads.termsSorted()) {
                assertEquals(heads.newest(term), sorted.newest(term), "term " + term);
                assertEquals(PostingsLog.NONE, sorted.newest(term + 1), "term " + (term + 1));
            }
            assertEquals(PostingsLog.NONE, sorted.newest(Long.MIN_VALUE));
            assertEquals(PostingsLog.NONE, sorted.newest(Long.MAX_VALUE));
            assertEquals(Files.size(file()), sorted.fileSize());
        }
    }

    @Test
    void theHeadsLoadBackOntoTheHeapAsTheyWere() throws IOException {
        HeapTermHeads heads = heads();
        try (SortedTermHeads sorted = SortedTermHeads.write(file(), heads, POSTINGS_END, TERMS)) {
            HeapTermHeads loaded = sorted.load();
            assertEquals(TERMS, loaded.terms());
            long[] value = new long[2];
            long[] expected = new long[2];
            for (long term : heads.termsSorted()) {
                loaded.headOf(term, value);
                heads.headOf(term, expected);
                assertEquals(expected[0], value[0]);
                assertEquals(expected[1], value[1]);
            }
            sorted.discard();
            assertFalse(Files.exists(file()));
        }
    }

    @Test
    void noHeadsAtAllAreAFileToo() throws IOException {
        try (SortedTermHeads sorted = SortedTermHeads.write(file(), new HeapTermHeads(TERMS), POSTINGS_END, TERMS)) {
            assertEquals(0, sorted.terms());
            assertEquals(PostingsLog.NONE, sorted.newest(42));
        }
    }

    @Test
    void headsOfAnotherEndOfTheLogAreNotUsed() throws IOException {
        SortedTermHeads.write(file(), heads(), POSTINGS_END, TERMS).close();
        assertNull(SortedTermHeads.openIfCurrent(file(), POSTINGS_END + 9, TERMS));
        assertFalse(Files.exists(file()), "stale heads are deleted");
    }

    @Test
    void aFileWithAWrongChecksumIsNotUsed() throws IOException {
        SortedTermHeads.write(file(), heads(), POSTINGS_END, TERMS).close();
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long at = channel.size() / 2;
            channel.read(one, at);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) ~one.get(0)}), at);
        }
        assertNull(SortedTermHeads.openIfCurrent(file(), POSTINGS_END, TERMS));
        assertFalse(Files.exists(file()));
    }

    @Test
    void aTornFileAndALeftOverTemporaryAreNotUsed() throws IOException {
        SortedTermHeads.write(file(), heads(), POSTINGS_END, TERMS).close();
        Files.writeString(file().resolveSibling(SortedTermHeads.FILE + ".tmp"), "half");
        try (SortedTermHeads whole = SortedTermHeads.openIfCurrent(file(), POSTINGS_END, TERMS)) {
            assertNotNull(whole);
        }
        assertFalse(Files.exists(file().resolveSibling(SortedTermHeads.FILE + ".tmp")));
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 24);
        }
        assertNull(SortedTermHeads.openIfCurrent(file(), POSTINGS_END, TERMS));
    }
}
