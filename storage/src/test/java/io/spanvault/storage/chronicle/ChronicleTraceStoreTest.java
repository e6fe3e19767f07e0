package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the Chronicle Map backend: its files, generations, size bound and locking. */
class ChronicleTraceStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    @TempDir
    Path dataDir;

    private ChronicleStoreOptions options() {
        return ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW));
    }

    private static int spanCount(ChronicleTraceStore store, long trace) {
        return store.getTrace(traceId(trace), null, null).orElseThrow().getResourceSpans(0).getScopeSpans(0)
                .getSpansCount();
    }

    @Test
    void aTornIndexTailIsCutOffOnOpen() throws IOException {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options())) {
            store.write(request("svc", span(traceId(1), 1, "op", NOW, Duration.ofMillis(1))));
        }
        Path index;
        try (Stream<Path> files = Files.walk(dataDir)) {
            index = files.filter(p -> p.getFileName().toString().equals("index.log")).findFirst().orElseThrow();
        }
        long intact = Files.size(index);
        Files.write(index, new byte[] {0, 0, 1, 0, 42, 42, 42}, StandardOpenOption.APPEND);

        try (ChronicleTraceStore store = ChronicleTraceStore.open(options())) {
            assertEquals(intact, Files.size(index));
            store.write(request("svc", span(traceId(2), 1, "op", NOW.plusSeconds(1), Duration.ofMillis(1))));
            assertEquals(List.of(traceId(2), traceId(1)),
                    store.findTraceIds(TraceQuery.builder().serviceName("svc").build()));
            assertEquals(2, store.spanCount());
        }
    }

    @Test
    void aFullPartitionRollsOverToANewGenerationOfTheHour() {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options(), 16)) {
            store.write(request("svc", span(traceId(0), 1, "first", NOW, Duration.ofMillis(1))));
            int traces = 16;
            Span.Builder[] many = new Span.Builder[traces];
            for (int i = 0; i < traces; i++) {
                many[i] = span(traceId(i), 2, "second", NOW, Duration.ofMillis(1));
            }
            store.write(request("svc", many));

            assertEquals(2, store.partitionCount());
            assertEquals(2, spanCount(store, 0), "a trace with spans in both generations comes back whole");
            assertEquals(1, spanCount(store, traces - 1));
            assertEquals(traces + 1, store.spanCount());
        }
    }

    @Test
    void maxDiskSizeDropsTheOldestPartitionsButNeverTheOneWritten() {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options().withMaxDiskSize(1))) {
            for (int h = 3; h >= 1; h--) {
                store.write(request("svc", span(traceId(h), 1, "op", NOW.minus(Duration.ofHours(h)), Duration.ofMillis(1))));
                assertTrue(store.getTrace(traceId(h), null, null).isPresent(), "the partition written is kept");
            }
            store.write(request("svc", span(traceId(9), 1, "op", NOW, Duration.ofMillis(1))));

            store.maintain();

            assertEquals(1, store.partitionCount());
            assertTrue(store.getTrace(traceId(9), null, null).isPresent());
            assertTrue(store.getTrace(traceId(1), null, null).isEmpty());
        }
    }

    @Test
    void lateSpansOfAnOldHourDoNotPushNewerPartitionsOutOfMaxDiskSize() {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options().withMaxDiskSize(1))) {
            store.write(request("svc", span(traceId(9), 1, "op", NOW, Duration.ofMillis(1))));
            store.write(request("svc", span(traceId(1), 1, "op", NOW.minus(Duration.ofHours(3)), Duration.ofMillis(1))));

            assertTrue(store.getTrace(traceId(9), null, null).isPresent(), "the newer partition is kept");
            store.maintain();
            assertTrue(store.getTrace(traceId(9), null, null).isPresent());
            assertTrue(store.getTrace(traceId(1), null, null).isEmpty(), "the late old hour goes first");
        }
    }

    @Test
    void aDataDirectoryServesOneStoreAtATime() {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options())) {
            StorageException e = assertThrows(StorageException.class, () -> ChronicleTraceStore.open(options()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        ChronicleTraceStore.open(options()).close();
    }

    @Test
    void spansWithoutAValidTraceIdAreCountedNotStored() {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options())) {
            store.write(request("svc", span(traceId(1), 1, "op", NOW, Duration.ofMillis(1))
                    .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[3]))));
            assertEquals(1, store.invalidSpans());
            assertEquals(0, store.spanCount());
        }
    }

    @Test
    void writesAfterCloseFail() {
        ChronicleTraceStore store = ChronicleTraceStore.open(options());
        store.close();
        assertThrows(StorageException.class,
                () -> store.write(request("svc", span(traceId(1), 1, "op", NOW, Duration.ofMillis(1)))));
    }
}
