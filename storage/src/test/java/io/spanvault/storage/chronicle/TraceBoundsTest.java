package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.spanId;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code match=trace} search bounding the trace's duration learns it from the trace heads (each trace's
 * earliest start and latest end), so it reads only traces in bounds, including traces whose late spans went
 * to another partition.
 */
class TraceBoundsTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final Instant HOUR_START = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    Path dataDir;

    private ChronicleTraceStore open(long minPartitionTraces) {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withWriteLanes(2), minPartitionTraces);
    }

    private static TraceQuery wholeTrace(String service, Duration min, Duration max) {
        return TraceQuery.builder().serviceName(service).durationMin(min).durationMax(max).limit(20)
                .match(TraceQuery.Match.WHOLE_TRACE).build();
    }

    @Test
    void onlyTracesWithinTheDurationBoundsAreRead() {
        try (ChronicleTraceStore store = open(4096)) {
            for (int t = 1; t <= 50; t++) {
                Instant start = NOW.minusSeconds(100 - t);
                // trace t lasts t ms: a root and a child written apart, so the head's bounds take both writes
                store.write(request("front", span(traceId(t), 1, "GET", start, Duration.ofMillis(1))));
                store.write(request("back", span(traceId(t), 2, "SELECT", start, Duration.ofMillis(t))
                        .setParentSpanId(spanId(1))));
            }

            ChronicleTraceStore.SearchResult result = store.search(
                    wholeTrace("front", Duration.ofMillis(45), Duration.ofMillis(47)));
            assertEquals(List.of(traceId(47), traceId(46), traceId(45)), result.ids());
            assertEquals(3, result.readTraces(), "traces out of bounds are settled by their heads");
            ChronicleTraceStore.SearchResult longest = store.search(wholeTrace("front", Duration.ofMillis(50), null));
            assertEquals(List.of(traceId(50)), longest.ids());
            assertEquals(1, longest.readTraces());
        }
    }

    @Test
    void aLateChildInTheNextHourExtendsTheBoundsOfItsParentsPartition() {
        Instant rootStart = HOUR_START.minusMillis(10);
        try (ChronicleTraceStore store = open(4096)) {
            store.write(request("front", span(traceId(1), 1, "GET", rootStart, Duration.ofSeconds(3))));
            store.write(request("front", span(traceId(2), 1, "GET", rootStart.plusMillis(1), Duration.ofMillis(5))));
            // hours later, trace 1's child arrives, starting in the next hour: the trace now lasts 5 s
            store.write(request("back", span(traceId(1), 2, "SELECT", HOUR_START.plusSeconds(1), Duration.ofSeconds(4))
                    .setParentSpanId(spanId(1))));

            ChronicleTraceStore.SearchResult result = store.search(
                    TraceQuery.builder().serviceName("front").operationName("GET").durationMin(Duration.ofSeconds(4))
                            .limit(20).match(TraceQuery.Match.WHOLE_TRACE).build());
            assertEquals(List.of(traceId(1)), result.ids(), "the root's partition learnt the child's end");
            assertEquals(1, result.readTraces());
            assertEquals(List.of(traceId(2)), store.findTraceIds(wholeTrace("front", null, Duration.ofSeconds(1))));
        }
    }

    @Test
    void aLateRootInAnotherGenerationOfTheHourExtendsTheBoundsOfItsChildren() {
        // partitions sized for two traces: the late root goes to the hour's next generation
        try (ChronicleTraceStore store = open(1)) {
            Instant start = NOW.minusSeconds(60);
            store.write(request("back", span(traceId(1), 2, "SELECT", start.plusMillis(100), Duration.ofMillis(10))
                    .setParentSpanId(spanId(1))));
            store.write(request("back", span(traceId(2), 2, "SELECT", start.plusMillis(100), Duration.ofMillis(10))
                    .setParentSpanId(spanId(1))));
            store.write(request("front", span(traceId(1), 1, "GET", start, Duration.ofMillis(500))));

            assertEquals(List.of(traceId(1)), store.findTraceIds(wholeTrace("back", Duration.ofMillis(400), null)));
            assertEquals(List.of(traceId(2)), store.findTraceIds(wholeTrace("back", null, Duration.ofMillis(100))));
            assertEquals(2, store.partitionCount(), "the root went to another generation");
        }
    }
}
