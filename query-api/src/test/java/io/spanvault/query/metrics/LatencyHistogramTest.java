package io.spanvault.query.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static void assertWithinOnePercent(double expected, double actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.01, "expected ~" + expected + ", got " + actual);
    }

    @Test
    void quantilesAreWithinOnePercentOfTheTrueValue() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            h.add(ms * 1_000_000L);
        }
        assertEquals(1000, h.count());
        assertWithinOnePercent(500, h.quantileMillis(0.5));
        assertWithinOnePercent(950, h.quantileMillis(0.95));
        assertWithinOnePercent(990, h.quantileMillis(0.99));
        assertWithinOnePercent(1, h.quantileMillis(0));
        assertWithinOnePercent(1000, h.quantileMillis(1));
    }

    @Test
    void mergingAndRemovingKeepTheCountsOfEachBin() {
        LatencyHistogram fast = new LatencyHistogram();
        LatencyHistogram slow = new LatencyHistogram();
        for (int i = 0; i < 90; i++) {
            fast.add(2_000_000L);
        }
        for (int i = 0; i < 10; i++) {
            slow.add(3_000_000_000L);
        }
        LatencyHistogram window = new LatencyHistogram();
        window.addAll(slow);
        window.addAll(fast);
        assertWithinOnePercent(2, window.quantileMillis(0.5));
        assertWithinOnePercent(3000, window.quantileMillis(0.95));
        window.removeAll(slow);
        assertEquals(90, window.count());
        assertWithinOnePercent(2, window.quantileMillis(0.99));
        window.removeAll(fast);
        assertTrue(Double.isNaN(window.quantileMillis(0.5)));
    }

    @Test
    void durationsBelowAMicrosecondShareTheFirstBin() {
        LatencyHistogram h = new LatencyHistogram();
        h.add(0);
        h.add(1);
        assertTrue(h.quantileMillis(1) < 0.0011);
    }
}
