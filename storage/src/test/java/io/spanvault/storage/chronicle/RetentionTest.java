package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.string;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention and {@code max_disk_size} keep their promises when everything is written in one hour. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final int TRACES_PER_WRITE = 100;

    @TempDir
    Path dataDir;

    @Test
    void maxDiskSizeHoldsWhileOneHotHourIsAllThatIsWritten() {
        long maxDiskSize = 4L << 20;
        ChronicleStoreOptions options = ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withWriteLanes(1).withMaxDiskSize(maxDiskSize);
        SplittableRandom random = new SplittableRandom(7);
        // sized for more traces than a generation takes before its bytes run out, so the budget is what rolls it
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options, 2048)) {
            long largestWrite = 0;
            int writes = 150;
            for (int w = 0; w < writes; w++) {
                long before = store.diskBytes();
                store.write(batch(w, random));
                largestWrite = Math.max(largestWrite, store.diskBytes() - before);
                // a write is refused by a partition over its budget only once it has begun, so one write's
                // bytes may go over; the maintenance thread must not be needed for the bound
                assertTrue(store.diskBytes() <= maxDiskSize + largestWrite,
                        "after write " + w + ": " + store.diskBytes() + " bytes on disk, bound " + maxDiskSize);
            }
            store.maintain();
            assertTrue(store.diskBytes() <= maxDiskSize, store.diskBytes() + " bytes after maintenance");
            assertTrue(store.partitionCount() > 1, "the hot hour went on in new generations");
            long newest = (long) (writes - 1) * TRACES_PER_WRITE;
            assertTrue(store.getTrace(traceId(newest), null, null).isPresent(), "the newest spans are kept");
            assertTrue(store.getTrace(traceId(0), null, null).isEmpty(), "the oldest spans of the hour are dropped");
            assertEquals(traceId(newest + TRACES_PER_WRITE - 1),
                    store.findTraceIds(TraceQuery.builder().serviceName("svc").limit(1).build()).get(0));
        }
    }

    @Test
    void retentionUnderAnHourDropsSpansWithinAQuarterOfItNotWithTheirHour() {
        TestClock clock = new TestClock(NOW);
        ChronicleStoreOptions options = ChronicleStoreOptions.defaults(dataDir).withClock(clock)
                .withRetention(Duration.ofMinutes(20));
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options, 16)) {
            store.write(request("svc", span(traceId(1), 1, "early", NOW.minusSeconds(60), Duration.ofMillis(1))));
            clock.advance(Duration.ofMinutes(6));
            store.write(request("svc", span(traceId(2), 1, "later", NOW.plusSeconds(300), Duration.ofMillis(1))));

            clock.advance(Duration.ofMinutes(12));
            store.maintain();
            assertTrue(store.getTrace(traceId(1), null, null).isPresent(), "19 minutes old: kept");

            clock.advance(Duration.ofMinutes(2));
            store.maintain();
            assertTrue(store.getTrace(traceId(1), null, null).isEmpty(),
                    "21 minutes old, in the same hour as spans still kept: dropped");
            assertTrue(store.getTrace(traceId(2), null, null).isPresent(), "15 minutes old: kept");
        }
    }

    @Test
    void retentionOfHoursKeepsOneGenerationAnHour() {
        TestClock clock = new TestClock(NOW);
        try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir)
                .withClock(clock), 16)) {
            store.write(request("svc", span(traceId(1), 1, "early", NOW, Duration.ofMillis(1))));
            clock.advance(Duration.ofMinutes(20));
            store.write(request("svc", span(traceId(2), 1, "later", NOW.plusSeconds(1200), Duration.ofMillis(1))));
            assertEquals(1, store.partitionCount());
        }
    }

    /** {@value #TRACES_PER_WRITE} one-span traces whose attribute does not compress, all in NOW's hour. */
    private static ExportTraceServiceRequest batch(int write, SplittableRandom random) {
        Span.Builder[] spans = new Span.Builder[TRACES_PER_WRITE];
        for (int i = 0; i < spans.length; i++) {
            long trace = (long) write * TRACES_PER_WRITE + i;
            byte[] noise = new byte[150];
            random.nextBytes(noise);
            spans[i] = span(traceId(trace), 1, "op", NOW.plusMillis(trace), Duration.ofMillis(1))
                    .addAttributes(string("payload", java.util.HexFormat.of().formatHex(noise)));
        }
        return request("svc", spans);
    }
}
