package io.spanvault.connector.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import org.junit.jupiter.api.Test;

class ExponentialHistogramTest {

    @Test
    void bucketIndexFollowsTheOtlpDefinition() {
        // at scale 0 bucket i holds (2^i, 2^(i+1)]: 1 is in bucket -1, 2 in 0, 3 and 4 in 1
        assertEquals(-1, ExponentialHistogram.index(1, 0));
        assertEquals(0, ExponentialHistogram.index(2, 0));
        assertEquals(1, ExponentialHistogram.index(3, 0));
        assertEquals(1, ExponentialHistogram.index(4, 0));
        assertEquals(3, ExponentialHistogram.index(3, 1), "sqrt(2)^3 < 3 <= sqrt(2)^4");
    }

    @Test
    void downscalesToKeepWithinMaxSizeAndKeepsEveryCount() {
        ExponentialHistogram histogram = new ExponentialHistogram(4);
        for (double v : new double[] {1, 2, 3, 100, 1000, 0}) {
            histogram.record(v);
        }
        ExponentialHistogramDataPoint point = histogram.writeTo(ExponentialHistogramDataPoint.newBuilder()).build();
        assertTrue(point.getPositive().getBucketCountsCount() <= 4, point.toString());
        assertEquals(5, point.getPositive().getBucketCountsList().stream().mapToLong(Long::longValue).sum());
        assertEquals(1, point.getZeroCount());
        assertEquals(6, point.getCount());
        assertEquals(1106, point.getSum(), 1e-9);
        // every value lies in the bucket the final scale assigns it
        int scale = point.getScale();
        int offset = point.getPositive().getOffset();
        assertEquals(1, point.getPositive().getBucketCounts(ExponentialHistogram.index(1000, scale) - offset));
        assertTrue(ExponentialHistogram.index(1, scale) - offset >= 0);
    }
}
