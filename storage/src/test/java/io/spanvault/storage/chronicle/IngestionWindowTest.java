package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.storage.conformance.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store itself takes spans only inside its window, whatever sent them: no partitions for far-away hours. */
class IngestionWindowTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final Duration MS = Duration.ofMillis(1);
    private static final Duration RETENTION = Duration.ofHours(6);

    @TempDir
    Path dataDir;

    private ChronicleTraceStore open() {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withRetention(RETENTION).withWriteLanes(1), 1024);
    }

    @Test
    void aRequestSprayingThousandsOfHoursCreatesPartitionsOnlyInsideTheWindow() {
        try (ChronicleTraceStore store = open()) {
            // 2,700 spans, each in its own hour, from 1,000 hours ago to 1,700 hours ahead (issue 11, defect 2)
            Span.Builder[] spray = new Span.Builder[2_700];
            for (int h = 0; h < spray.length; h++) {
                spray[h] = span(traceId(h), 1, "spray", NOW.plus(Duration.ofHours(h - 1_000L)), MS);
            }
            store.write(request("svc", spray));

            // the store keeps whole hours: from the hour retention began in (06:00) to the skew ahead (13:30)
            assertEquals(8, store.partitionCount());
            assertEquals(8, store.spanCount(), "06:30 to 13:30");
            assertEquals(1_700 - 2, store.futureSpans());
            assertEquals(1_000 - 6, store.expiredSpans());
        }
    }

    @Test
    void aSpanJustInsideTheSkewIsStoredAndOneJustOutsideIsNot() {
        try (ChronicleTraceStore store = open()) {
            store.write(request("svc", span(traceId(1), 1, "ahead", NOW.plus(Duration.ofMinutes(59)), MS),
                    span(traceId(2), 1, "too-far", NOW.plus(Duration.ofMinutes(61)), MS)));

            assertTrue(store.getTrace(traceId(1), null, null).isPresent());
            assertTrue(store.getTrace(traceId(2), null, null).isEmpty());
            assertEquals(1, store.futureSpans());
        }
    }

    @Test
    void anUnsetStartAndOneOf2To63OrMoreAreNotStored() {
        try (ChronicleTraceStore store = open()) {
            store.write(request("svc", span(traceId(1), 1, "unset", NOW, MS).setStartTimeUnixNano(0),
                    span(traceId(2), 1, "2^63", NOW, MS).setStartTimeUnixNano(Long.MIN_VALUE),
                    span(traceId(3), 1, "fine", NOW, MS)));

            assertEquals(1, store.spanCount());
            assertEquals(2, store.expiredSpans());
        }
    }
}
