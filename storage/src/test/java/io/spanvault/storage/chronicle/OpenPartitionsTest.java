package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only {@code maxOpenPartitions} partitions keep their files open; the others are opened when read and closed
 * again, so descriptors stay bounded however many partitions the store has, while running and after a restart.
 */
class OpenPartitionsTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final Duration MS = Duration.ofMillis(1);
    private static final int HOURS = 8;
    private static final int BOUND = 3;

    @TempDir
    Path dataDir;

    private ChronicleTraceStore open(int maxOpen) {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withWriteLanes(2).withMaxOpenPartitions(maxOpen), 1024);
    }

    private static void writeHours(ChronicleTraceStore store) {
        for (int h = 1; h <= HOURS; h++) {
            store.write(request("svc-" + h, span(traceId(h), 1, "op", NOW.minus(Duration.ofHours(h)), MS)));
        }
    }

    private static void assertEverythingReadable(ChronicleTraceStore store) {
        for (int h = 1; h <= HOURS; h++) {
            assertTrue(store.getTrace(traceId(h), null, null).isPresent(), "trace " + h);
            assertTrue(store.openPartitionCount() <= BOUND, store.openPartitionCount() + " open after reading " + h);
        }
        for (int h = 1; h <= HOURS; h++) {
            assertEquals(1, store.findTraceIds(TraceQuery.builder().serviceName("svc-" + h).build()).size(),
                    "search reaches svc-" + h);
        }
        assertEquals(HOURS, store.getServices().size(), "services of released partitions are known");
        assertEquals(HOURS, store.spanCount());
        assertTrue(store.openPartitionCount() <= BOUND, store.openPartitionCount() + " open");
    }

    @Test
    void atMostTheBoundAreOpenAndEveryPartitionIsStillReadAndSearched() {
        try (ChronicleTraceStore store = open(BOUND)) {
            writeHours(store);
            assertTrue(store.partitionCount() >= HOURS);
            assertTrue(store.openPartitionCount() <= BOUND, store.openPartitionCount() + " open");
            // a partition's first release writes its term heads (terms.sorted): sizes are compared after that
            assertEverythingReadable(store);
            long bytes = store.diskBytes();
            assertEverythingReadable(store);
            assertEquals(bytes, store.diskBytes(), "a released partition's size is still counted");
            // writing to a released partition opens it again
            store.write(request("svc-1", span(traceId(1), 2, "late", NOW.minus(Duration.ofHours(1)), MS)));
            assertEquals(HOURS + 1, store.spanCount());
            assertEquals(1, store.findTraceIds(TraceQuery.builder().operationName("late").build()).size());
        }
    }

    @Test
    void aRestartOpensNoMoreThanTheBound() {
        try (ChronicleTraceStore store = open(BOUND)) {
            writeHours(store);
        }
        try (ChronicleTraceStore store = open(BOUND)) {
            assertTrue(store.openPartitionCount() <= BOUND, store.openPartitionCount() + " open after a restart");
            assertEverythingReadable(store);
        }
    }

    @Test
    void readersAndAWriterOnManyThreadsNeverSeeAReleasedPartitionAsEmpty() throws Exception {
        try (ChronicleTraceStore store = open(2)) {
            writeHours(store);
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int offset = t;
                    work.add(threads.submit(() -> {
                        for (int i = 0; i < 20; i++) {
                            int h = 1 + (i + offset) % HOURS;
                            assertTrue(store.getTrace(traceId(h), null, null).isPresent(), "trace " + h);
                        }
                    }));
                }
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        int h = 1 + i % HOURS;
                        store.write(request("svc-" + h, span(traceId(h), 10 + i, "more", NOW.minus(Duration.ofHours(h)),
                                MS)));
                    }
                }));
                for (java.util.concurrent.Future<?> f : work) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(HOURS + 20, store.spanCount());
            assertTrue(store.openPartitionCount() <= 2 + 4, store.openPartitionCount() + " open");
        }
    }

    @Test
    void theBoundBoundsTheFileDescriptorsHeld() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "skipped: no /proc/self/fd here");
        try (ChronicleTraceStore store = open(64)) {
            writeHours(store);
        }
        long unbounded;
        try (ChronicleTraceStore store = open(64)) {
            unbounded = openFds();
        }
        long bounded;
        try (ChronicleTraceStore store = open(BOUND)) {
            bounded = openFds();
            assertEverythingReadable(store);
        }
        // each open partition of 2 lanes holds about 7 descriptors
        assertTrue(unbounded - bounded >= 5L * (HOURS - BOUND), "bounded " + bounded + ", unbounded " + unbounded);
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
