package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.SpanFixtures;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The term heads of a partition no longer written leave the heap for a sorted file: searches find what they
 * found before, a late span loads them back and is found with the rest, the hours around now keep theirs, and
 * a reopened store reads the file instead of replaying the postings unless the log no longer ends where the
 * file was written.
 */
class TermHeadsReleaseTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final Instant OLD_HOUR = Instant.parse("2026-03-10T08:10:00Z");
    private static final int TRACES = 120;

    @TempDir
    Path dataDir;

    private ChronicleTraceStore open() {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withWriteLanes(1));
    }

    private static void write(ChronicleTraceStore store, long trace, Instant hour) {
        Span.Builder span = SpanFixtures.span(SpanFixtures.traceId(trace), trace, "GET /cart",
                hour.plusSeconds(trace), Duration.ofMillis(trace))
                .addAttributes(SpanFixtures.string("user.id", "u" + trace))
                .addAttributes(SpanFixtures.string("parity", trace % 2 == 0 ? "even" : "odd"));
        store.write(SpanFixtures.request("front", span));
    }

    private static List<TraceId> find(ChronicleTraceStore store, String key, String value) {
        return store.findTraceIds(TraceQuery.builder().serviceName("front").attributes(Map.of(key, value))
                .startTimeMin(OLD_HOUR.minusSeconds(3600)).startTimeMax(NOW.plusSeconds(3600)).limit(1000).build());
    }

    private static List<TraceId> traces(long from, long to, long step) {
        List<TraceId> ids = new ArrayList<>();
        for (long t = to; t >= from; t -= step) {
            ids.add(SpanFixtures.traceId(t));
        }
        return ids;
    }

    private Path sortedHeads(String partition) {
        return dataDir.resolve(partition).resolve("lane-0").resolve(SortedTermHeads.FILE);
    }

    private void assertFindsAll(ChronicleTraceStore store, long last) {
        for (long t = 1; t <= last; t += 13) {
            assertEquals(List.of(SpanFixtures.traceId(t)), find(store, "user.id", "u" + t), "trace " + t);
        }
        assertEquals(traces(2, last - last % 2, 2), find(store, "parity", "even"));
        assertEquals(List.of(), find(store, "user.id", "nobody"));
    }

    @Test
    void anIdlePartitionsHeadsLeaveTheHeapAndALateSpanBringsThemBack() {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= TRACES; t++) {
                write(store, t, OLD_HOUR);
            }
            write(store, 10_000, NOW);
            assertEquals(0, store.releaseIdleTermHeads(), "written since the last look: not idle yet");
            assertEquals(1, store.releaseIdleTermHeads(), "the old hour's lane, not the current hour's");
            assertTrue(Files.exists(sortedHeads("2026-03-10T08.g0")));
            assertFalse(Files.exists(sortedHeads("2026-03-10T12.g0")), "the current hour keeps its heads");
            assertFindsAll(store, TRACES);
            assertEquals(0, store.releaseIdleTermHeads(), "already off the heap");

            write(store, TRACES + 2, OLD_HOUR);
            assertFalse(Files.exists(sortedHeads("2026-03-10T08.g0")), "back on the heap for the write");
            assertEquals(List.of(SpanFixtures.traceId(TRACES + 2)), find(store, "user.id", "u" + (TRACES + 2)));
            assertFindsAll(store, TRACES + 2);
            assertEquals(0, store.releaseIdleTermHeads());
            assertEquals(1, store.releaseIdleTermHeads());
            assertFindsAll(store, TRACES + 2);
        }
    }

    @Test
    void aReopenedStoreReadsTheSortedHeadsItClosedWith() throws IOException {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= TRACES; t++) {
                write(store, t, NOW.minusSeconds(600));
            }
        }
        Path heads = sortedHeads("2026-03-10T12.g0");
        assertTrue(Files.exists(heads), "closing writes the heads still on the heap");
        try (ChronicleTraceStore store = open()) {
            assertTrue(Files.exists(heads), "the file is the log's: read, not replaced");
            assertFindsAll(store, TRACES);
            write(store, TRACES + 2, NOW.minusSeconds(600));
            assertFalse(Files.exists(heads));
            assertFindsAll(store, TRACES + 2);
        }
    }

    @Test
    void headsOfAnEarlierEndOfTheLogAreReplayedOver() throws IOException {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= TRACES; t++) {
                write(store, t, NOW.minusSeconds(600));
            }
        }
        Path heads = sortedHeads("2026-03-10T12.g0");
        byte[] earlier = Files.readAllBytes(heads);
        try (ChronicleTraceStore store = open()) {
            write(store, TRACES + 2, NOW.minusSeconds(600));
        }
        // as if the process had died after the late write and the file's deletion had not reached the disk
        Files.write(heads, earlier);
        try (ChronicleTraceStore store = open()) {
            assertFindsAll(store, TRACES + 2);
        }
        // and a torn frame after the heads were written: not the log they were written for
        try (FileChannel channel = FileChannel.open(heads.resolveSibling("postings.log"), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {40, 0, 0, 0, 1, 2}));
        }
        try (ChronicleTraceStore store = open()) {
            assertFindsAll(store, TRACES + 2);
            write(store, TRACES + 4, NOW.minusSeconds(600));
            assertFindsAll(store, TRACES + 4);
        }
    }
}
