package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partitions split into write lanes: routing, concurrent writers, and partitions made with another lane count. */
class ChronicleTraceStoreLanesTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final Duration MS = Duration.ofMillis(1);

    @TempDir
    Path dataDir;

    private ChronicleStoreOptions options(int lanes) {
        return ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW)).withWriteLanes(lanes);
    }

    private static int spanCount(TracesData trace) {
        int n = 0;
        for (ResourceSpans rs : trace.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                n += ss.getSpansCount();
            }
        }
        return n;
    }

    private static int spanCount(ChronicleTraceStore store, long trace) {
        return store.getTrace(traceId(trace), null, null).map(ChronicleTraceStoreLanesTest::spanCount).orElse(0);
    }

    private Path partition(Instant hour) {
        return dataDir.resolve(new PartitionId(Math.floorDiv(io.spanvault.storage.conformance.SpanFixtures.nanos(hour), ChunkAssembler.HOUR_NANOS), 0)
                .directoryName());
    }

    @Test
    void aTracesChunksAllGoToItsLane() throws IOException {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options(4))) {
            for (int i = 1; i <= 3; i++) {
                store.write(request("svc", span(traceId(7), i, "op", NOW, MS)));
            }
            assertEquals(3, spanCount(store, 7));
        }
        Path partition = partition(NOW);
        assertEquals("4", Files.readString(partition.resolve("lanes")));
        int expected = Lane.of(traceId(7).high(), traceId(7).low(), 4);
        for (int lane = 0; lane < 4; lane++) {
            long logBytes = Files.size(partition.resolve("lane-" + lane).resolve("spans.log"));
            assertEquals(lane == expected, logBytes > 0, "lane " + lane + " holds " + logBytes + " bytes");
        }
    }

    @Test
    void concurrentWritersOfTheSameTracesLoseNoSpan() throws Exception {
        int writers = 4;
        int rounds = 20;
        int traces = 50;
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options(4))) {
            CyclicBarrier start = new CyclicBarrier(writers);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        for (int r = 0; r < rounds; r++) {
                            Span.Builder[] spans = new Span.Builder[traces];
                            for (int t = 0; t < traces; t++) {
                                long spanId = 1 + ((long) writer * rounds + r) * traces + t;
                                spans[t] = span(traceId(t), spanId, "op-" + writer, NOW.plusMillis(r), MS);
                            }
                            store.write(request("svc-" + writer, spans));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals((long) writers * rounds * traces, store.spanCount());
            assertEquals(traces, store.traceCount());
            for (int t = 0; t < traces; t++) {
                TracesData trace = store.getTrace(traceId(t), null, null).orElseThrow();
                assertEquals(writers * rounds, spanCount(trace), "trace " + t);
                Set<com.google.protobuf.ByteString> spanIds = new HashSet<>();
                trace.getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
                        .forEach(ss -> ss.getSpansList().forEach(s -> spanIds.add(s.getSpanId()))));
                assertEquals(writers * rounds, spanIds.size(), "every span of trace " + t + " once");
            }
            for (int w = 0; w < writers; w++) {
                List<TraceId> found = store.findTraceIds(TraceQuery.builder().serviceName("svc-" + w)
                        .operationName("op-" + w).limit(1000).build());
                assertEquals(traces, found.size(), "writer " + w + "'s traces by search");
            }
            assertEquals(traces, store.findTraces(TraceQuery.builder().serviceName("svc-0").limit(1000).build()).stream()
                    .filter(trace -> spanCount(trace) == writers * rounds).count(), "searches return whole traces");
        }
    }

    @Test
    void reopeningWithAnotherLaneCountReadsAndExtendsOldPartitions() throws IOException {
        Instant earlier = NOW.minus(Duration.ofHours(2));
        // not the current hour, whose partition each open creates in the background
        Instant later = NOW.minus(Duration.ofHours(1));
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options(2))) {
            for (int t = 0; t < 20; t++) {
                store.write(request("svc", span(traceId(t), 1, "op", earlier, MS)));
            }
        }
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options(4))) {
            for (int t = 0; t < 20; t++) {
                store.write(request("svc", span(traceId(t), 2, "op", earlier, MS),
                        span(traceId(t), 3, "op", later, MS)));
            }
            for (int t = 0; t < 20; t++) {
                assertEquals(3, spanCount(store, t), "trace " + t);
            }
            assertEquals(60, store.spanCount());
            assertEquals(40, store.traceCount(), "each trace once in each of the two hours");
            assertEquals(20, store.findTraceIds(TraceQuery.builder().serviceName("svc")
                    .startTimeMax(earlier.plusSeconds(1)).limit(100).build()).size());
        }
        assertEquals("2", Files.readString(partition(earlier).resolve("lanes")), "the old partition kept its lanes");
        assertTrue(Files.notExists(partition(earlier).resolve("lane-2")));
        assertEquals("4", Files.readString(partition(later).resolve("lanes")));
    }

    /**
     * A partition as written before lanes existed: its files directly in the partition directory and no
     * {@code lanes} file. Made here by writing with one lane and moving that lane's files up.
     */
    @Test
    void aPartitionWithoutLanesOpensAsOneLane() throws IOException {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options(1))) {
            for (int t = 0; t < 20; t++) {
                store.write(request("svc", span(traceId(t), 1, "op", NOW, MS)));
            }
        }
        Path partition = partition(NOW);
        try (Stream<Path> files = Files.list(partition.resolve("lane-0"))) {
            for (Path f : files.toList()) {
                Files.move(f, partition.resolve(f.getFileName()));
            }
        }
        Files.delete(partition.resolve("lane-0"));
        Files.delete(partition.resolve("lanes"));

        try (ChronicleTraceStore store = ChronicleTraceStore.open(options(4))) {
            assertEquals(20, store.spanCount());
            assertEquals(20, store.traceCount());
            for (int t = 0; t < 20; t++) {
                store.write(request("svc", span(traceId(t), 2, "late", NOW, MS)));
            }
            for (int t = 0; t < 20; t++) {
                assertEquals(2, spanCount(store, t), "trace " + t);
            }
            assertEquals(20, store.findTraceIds(TraceQuery.builder().serviceName("svc").operationName("late")
                    .limit(100).build()).size());
            assertEquals(1, store.partitionCount());
        }
        assertTrue(Files.notExists(partition.resolve("lanes")), "still the old layout");
        assertTrue(Files.notExists(partition.resolve("lane-0")));
    }
}
