package io.spanvault.pipeline.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryTest {
    private final Telemetry telemetry = new Telemetry();

    @Test
    void theSameNameAndLabelsGiveTheSameCounter() {
        Labels labels = Labels.of("receiver", "otlp", "transport", "grpc");
        Counter counter = telemetry.counter("otelcol_receiver_accepted_spans", "spans", labels);
        counter.add(5);
        assertSame(counter, telemetry.counter("otelcol_receiver_accepted_spans", "spans",
                Labels.of("receiver", "otlp", "transport", "grpc")));
        assertEquals(5, counter.value());
        assertEquals(1, telemetry.families().get(0).series().size());
    }

    @Test
    void histogramCountsCumulatively() {
        Histogram h = telemetry.histogram("size", "sizes", Labels.NONE, 10, 100);
        for (double v : new double[] {1, 10, 11, 1000}) {
            h.record(v);
        }
        assertArrayEquals(new long[] {2, 3, 4}, h.cumulativeCounts());
        assertEquals(1022, h.sum());
        assertEquals(4, h.count());
    }

    @Test
    void aNameKeepsItsType() {
        telemetry.counter("x", "", Labels.NONE);
        assertThrows(IllegalArgumentException.class, () -> telemetry.gauge("x", "", Labels.NONE, () -> 1));
    }

    @Test
    void familiesAreSortedByName() {
        telemetry.gauge("b", "", Labels.NONE, () -> 1);
        telemetry.counter("a", "", Labels.NONE);
        assertEquals(List.of("a", "b"), telemetry.families().stream().map(MetricFamily::name).toList());
    }

    @Test
    void labelsComeInPairs() {
        assertThrows(IllegalArgumentException.class, () -> Labels.of("receiver"));
        assertEquals(Labels.of("a", "1", "b", "2"), Labels.of("a", "1").and("b", "2"));
    }
}
