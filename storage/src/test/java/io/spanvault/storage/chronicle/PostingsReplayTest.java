package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.SpanFixtures;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The term heads of format 5 live on the heap and are rebuilt from {@code postings.log} at open: a reopened
 * store finds by search what it found before (terms of one write and terms of every write, whose later
 * entries name their term only by pointing back), and a torn last frame is cut, after which new writes are
 * posted and found with the old ones. So is what {@code kill -9} leaves: logs that end at their mapped
 * window's end, in zeros.
 */
class PostingsReplayTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final int TRACES = 150;

    @TempDir
    Path dataDir;

    private ChronicleTraceStore open() {
        return open(dataDir);
    }

    private static ChronicleTraceStore open(Path dir) {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dir).withClock(new TestClock(NOW))
                .withWriteLanes(1));
    }

    private static void write(ChronicleTraceStore store, long trace) {
        Span.Builder span = SpanFixtures.span(SpanFixtures.traceId(trace), trace, "GET /cart",
                NOW.minusSeconds(TRACES - trace + 1), Duration.ofMillis(trace))
                .addAttributes(SpanFixtures.string("user.id", "u" + trace))
                .addAttributes(SpanFixtures.string("parity", trace % 2 == 0 ? "even" : "odd"));
        store.write(SpanFixtures.request("front", span));
    }

    private static List<TraceId> find(ChronicleTraceStore store, String key, String value) {
        return store.findTraceIds(TraceQuery.builder().serviceName("front").attributes(Map.of(key, value))
                .limit(TRACES).build());
    }

    private static List<TraceId> traces(long from, long to, long step) {
        List<TraceId> ids = new ArrayList<>();
        for (long t = to; t >= from; t -= step) {
            ids.add(SpanFixtures.traceId(t));
        }
        return ids;
    }

    private Path postingsLog() {
        return dataDir.resolve("2026-03-10T12.g0").resolve("lane-0").resolve("postings.log");
    }

    @Test
    void aReopenedStoreFindsWhatItFoundBefore() throws IOException {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= TRACES; t++) {
                write(store, t);
            }
        }
        // without the heads the store wrote at close, the postings are replayed
        Files.delete(postingsLog().resolveSibling(SortedTermHeads.FILE));
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= TRACES; t += 17) {
                assertEquals(List.of(SpanFixtures.traceId(t)), find(store, "user.id", "u" + t));
            }
            assertEquals(traces(2, TRACES, 2), find(store, "parity", "even"));
            assertEquals(traces(1, TRACES - 1, 2), find(store, "parity", "odd"));
            assertEquals(List.of(), find(store, "user.id", "nobody"));
            // the rebuilt heads go on: a new write chains onto the terms' entries from before
            write(store, TRACES + 2);
            assertEquals(traces(2, TRACES + 2, 2), find(store, "parity", "even"));
        }
        assertFalse(Files.exists(postingsLog().resolveSibling("terms.cm")), "format 5 keeps no terms.cm");
    }

    @Test
    void whatKillNineLeavesOpensWithEveryTraceAndTakesWritesToTheSameTraces(@TempDir Path crashed)
            throws IOException {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= TRACES; t++) {
                write(store, t);
            }
            // the files as a process killed now leaves them: each log ends at its window's end, in zeros
            assertEquals(0, Files.size(postingsLog()) % MappedTail.WINDOW);
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, crashed.resolve(dataDir.relativize(f).toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (ChronicleTraceStore store = open(crashed)) {
            assertEquals(traces(2, TRACES, 2), find(store, "parity", "even"));
            for (long t = 1; t <= TRACES; t++) {
                store.write(SpanFixtures.request("front", SpanFixtures.span(SpanFixtures.traceId(t), TRACES + t,
                        "GET /cart", NOW.minusSeconds(1), Duration.ofMillis(1))));
            }
        }
        try (ChronicleTraceStore store = open(crashed)) {
            assertEquals(traces(1, TRACES - 1, 2), find(store, "parity", "odd"));
            for (long t = 1; t <= TRACES; t++) {
                TracesData trace = store.getTrace(SpanFixtures.traceId(t), null, null).orElseThrow();
                assertEquals(2, trace.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                        .mapToInt(ScopeSpans::getSpansCount).sum(),
                        "trace " + t + " keeps its span from before the crash and the one written after");
            }
        }
    }

    @Test
    void aTornLastFrameIsCutAndTheStoreGoesOnPostingAndFinding() throws IOException {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= TRACES; t++) {
                write(store, t);
            }
        }
        long whole = Files.size(postingsLog());
        try (ChronicleTraceStore store = open()) {
            write(store, TRACES + 1);
        }
        // a crash in the middle of the last write's frame: its postings are torn
        try (FileChannel channel = FileChannel.open(postingsLog(), StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(postingsLog()) - 3);
        }
        try (ChronicleTraceStore store = open()) {
            assertEquals(whole, Files.size(postingsLog()), "the torn frame is cut at open");
            assertEquals(List.of(), find(store, "user.id", "u" + (TRACES + 1)));
            assertTrue(store.getTrace(SpanFixtures.traceId(TRACES + 1), null, null).isPresent());
            assertEquals(traces(1, TRACES - 1, 2), find(store, "parity", "odd"));
            write(store, TRACES + 3);
            assertEquals(List.of(SpanFixtures.traceId(TRACES + 3)), find(store, "user.id", "u" + (TRACES + 3)));
            List<TraceId> odd = traces(1, TRACES - 1, 2);
            odd.add(0, SpanFixtures.traceId(TRACES + 3));
            assertEquals(odd, find(store, "parity", "odd"));
        }
    }

    @Test
    void aFrameWithAWrongChecksumEndsTheReplay() throws IOException {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= 3; t++) {
                write(store, t);
            }
        }
        long whole = Files.size(postingsLog());
        try (ChronicleTraceStore store = open()) {
            write(store, 4);
        }
        // a frame the disk got only part of: its length is there, its entries are not what the checksum says. A
        // crash leaves no sorted heads of such a log (they are written after the log is forced, at a clean close
        // or once the lane is idle), so the replay is what opens it
        Files.delete(postingsLog().resolveSibling(SortedTermHeads.FILE));
        try (FileChannel channel = FileChannel.open(postingsLog(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            long at = channel.size() - 1;
            channel.read(last, at);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) ~last.get(0)}), at);
        }
        try (ChronicleTraceStore store = open()) {
            assertEquals(whole, Files.size(postingsLog()));
            assertEquals(traces(1, 3, 2), find(store, "parity", "odd"));
            assertEquals(List.of(), find(store, "user.id", "u4"));
        }
    }
}
