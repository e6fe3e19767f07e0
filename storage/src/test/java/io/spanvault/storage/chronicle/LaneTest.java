package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How traces are spread over the lanes of a partition. */
class LaneTest {
    private static final int LANES = 4;
    private static final int TRACES = 4000;

    @Test
    void aTraceAlwaysGoesToTheSameLane() {
        for (long low = 0; low < 100; low++) {
            int lane = Lane.of(42, low, LANES);
            assertTrue(lane >= 0 && lane < LANES);
            assertEquals(lane, Lane.of(42, low, LANES));
        }
        assertEquals(0, Lane.of(-1, -1, 1), "a single lane takes every trace");
    }

    @Test
    void idsWithTheHighHalfZeroSpreadEvenly() {
        assertEven(n -> 0, n -> n);
    }

    @Test
    void idsDifferingOnlyInTheHighHalfSpreadEvenly() {
        assertEven(n -> n, n -> 0);
    }

    @Test
    void sequentialIdsSpreadEvenly() {
        assertEven(n -> 0x7e57L, n -> n << 40);
    }

    private static void assertEven(java.util.function.LongUnaryOperator high,
            java.util.function.LongUnaryOperator low) {
        int[] perLane = new int[LANES];
        for (long n = 0; n < TRACES; n++) {
            perLane[Lane.of(high.applyAsLong(n), low.applyAsLong(n), LANES)]++;
        }
        for (int count : perLane) {
            // a quarter each, within a few standard deviations (~27)
            assertTrue(Math.abs(count - TRACES / LANES) < 150, java.util.Arrays.toString(perLane));
        }
    }
}
