package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.storage.TraceId;
import java.io.File;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer and readers find every head put, whether the filter let them skip the lookup of traces never put or
 * not.
 */
class TraceHeadsTest {
    private static final int TRACES = 20_000;

    @TempDir
    Path dir;

    @Test
    void theWriterFindsEveryHeadPutBeforeAndAfterAReopen() throws Exception {
        File file = dir.resolve("heads.cm").toFile();
        long[][] ids = ids(new SplittableRandom(5), TRACES);
        try (TraceHeads heads = TraceHeads.open(file, TRACES, false, true)) {
            for (int i = 0; i < TRACES / 2; i++) {
                assertEquals(SpanLog.NONE, newest(heads, ids[i]), "a trace not yet put has no head");
                assertNull(heads.get(traceId(ids[i])), "nor does a reader find one");
                heads.put(ids[i][0], ids[i][1], i, 1, 3, false, 10, 20, false);
            }
            assertAllFound(heads, ids, TRACES / 2);
        }
        // reopened with heads in it, the writer looks every trace up again
        try (TraceHeads heads = TraceHeads.open(file, TRACES, true, true)) {
            assertAllFound(heads, ids, TRACES / 2);
            for (int i = TRACES / 2; i < TRACES; i++) {
                assertEquals(SpanLog.NONE, newest(heads, ids[i]));
                heads.put(ids[i][0], ids[i][1], i, 1, 3, false, 10, 20, false);
            }
            assertAllFound(heads, ids, TRACES);
        }
    }

    @Test
    void theFilterHasNoFalseNegativesAndFewFalsePositivesAtCapacity() {
        HeadedTraces headed = new HeadedTraces(TRACES);
        long[][] ids = ids(new SplittableRandom(7), 2 * TRACES);
        for (int i = 0; i < TRACES; i++) {
            headed.add(ids[i][0], ids[i][1]);
        }
        int falsePositives = 0;
        for (int i = 0; i < TRACES; i++) {
            assertTrue(headed.mayHold(ids[i][0], ids[i][1]));
            falsePositives += headed.mayHold(ids[TRACES + i][0], ids[TRACES + i][1]) ? 1 : 0;
        }
        assertTrue(falsePositives < TRACES / 4, falsePositives + " of " + TRACES + " new traces would be looked up");
    }

    private static void assertAllFound(TraceHeads heads, long[][] ids, int count) {
        for (int i = 0; i < count; i++) {
            assertEquals(i, newest(heads, ids[i]), "trace " + i);
            assertEquals(i, heads.get(traceId(ids[i])).newestChunk(), "trace " + i + " read by id");
        }
        for (int i = count; i < ids.length; i++) {
            assertNull(heads.get(traceId(ids[i])), "trace " + i + " was never put");
        }
    }

    private static TraceId traceId(long[] id) {
        return new TraceId(id[0], id[1]);
    }

    private static long newest(TraceHeads heads, long[] id) {
        return heads.newestChunkForWriter(id[0], id[1], new int[4], new long[2]);
    }

    private static long[][] ids(SplittableRandom random, int n) {
        long[][] ids = new long[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = new long[] {random.nextLong(), random.nextLong()};
        }
        return ids;
    }
}
