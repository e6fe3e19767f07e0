package io.spanvault.exporter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceWriter;
import io.spanvault.storage.chronicle.ChronicleStoreOptions;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import io.spanvault.storage.conformance.SpanFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter's writer threads in front of a real store: back-pressure and draining on close. */
class WriterPoolTest {
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dataDir;

    private ChronicleTraceStore store;

    @BeforeEach
    void open() {
        store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ExportTraceServiceRequest batch(long trace) {
        return SpanFixtures.request("svc", SpanFixtures.span(SpanFixtures.traceId(trace), 1, "op",
                Instant.now().minusSeconds(5), Duration.ofMillis(1)));
    }

    /** A store whose writes wait for the test's go-ahead, recording each write's spans as it starts and ends. */
    private class HeldWrites implements TraceWriter {
        final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        /** The thread each write ran on, in write order. */
        final List<String> writers = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.Semaphore started = new java.util.concurrent.Semaphore(0);
        final CountDownLatch release;

        HeldWrites(int heldWrites) {
            release = new CountDownLatch(heldWrites);
        }

        @Override
        public void write(ExportTraceServiceRequest batch) {
            int spans = io.spanvault.pipeline.signal.Signal.TRACES.itemCount(batch);
            events.add("write " + spans);
            writers.add(Thread.currentThread().getName());
            started.release();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.write(batch);
            events.add("written " + spans);
        }

        void awaitStarted() throws InterruptedException {
            assertTrue(started.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS), "no write started: " + events);
        }
    }

    private static ExportTraceServiceRequest batch(long trace, int spans) {
        List<io.opentelemetry.proto.trace.v1.Span.Builder> list = new ArrayList<>();
        for (int i = 0; i < spans; i++) {
            list.add(SpanFixtures.span(SpanFixtures.traceId(trace), i + 1, "op", Instant.now().minusSeconds(5),
                    Duration.ofMillis(1)));
        }
        return SpanFixtures.request("svc", list.toArray(io.opentelemetry.proto.trace.v1.Span.Builder[]::new));
    }

    private static CompletableFuture<Void> recorded(CompletableFuture<Void> written, List<String> events, String name) {
        return written.thenRun(() -> events.add("ack " + name));
    }

    @Test
    void aLoneBatchIsWrittenAtOnceAndAcknowledgedWhenThatWriteReturned() throws Exception {
        HeldWrites writes = new HeldWrites(0);
        WriterPool pool = new WriterPool(writes, 1, false, "test");
        try {
            recorded(pool.submit(batch(1, 100)), writes.events, "a").get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(List.of("write 100", "written 100", "ack a"), writes.events);
        } finally {
            pool.close(Duration.ofSeconds(WAIT_SECONDS));
        }
    }

    @Test
    void batchesSubmittedDuringAWriteGoTogetherIntoTheNextWrite() throws Exception {
        HeldWrites writes = new HeldWrites(1);
        WriterPool pool = new WriterPool(writes, 1, false, "test");
        try {
            CompletableFuture<Void> first = recorded(pool.submit(batch(1, 10)), writes.events, "first");
            writes.awaitStarted();
            List<CompletableFuture<Void>> gathered = new ArrayList<>();
            for (int i = 2; i <= 5; i++) {
                gathered.add(recorded(pool.submit(batch(i, 10)), writes.events, "gathered"));
            }
            assertFalse(first.isDone(), "acknowledged before its write returned");
            writes.release.countDown();
            for (CompletableFuture<Void> f : gathered) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(List.of("write 10", "written 10", "ack first", "write 40", "written 40",
                    "ack gathered", "ack gathered", "ack gathered", "ack gathered"), writes.events,
                    "five batches, two writes; each acknowledged after the write holding it");
        } finally {
            pool.close(Duration.ofSeconds(WAIT_SECONDS));
        }
        assertEquals(50, store.spanCount());
    }

    @Test
    void aCallerFindingTheStoreIdleWritesItsBatchItselfAndIsAnsweredWithinThatWrite() {
        HeldWrites writes = new HeldWrites(0);
        WriterPool pool = new WriterPool(writes, 1, true, "test");
        try {
            CompletableFuture<Void> acknowledged = recorded(pool.submit(batch(1, 100)), writes.events, "a");
            writes.events.add("submit returned");

            assertTrue(acknowledged.isDone() && !acknowledged.isCompletedExceptionally(), acknowledged.toString());
            assertEquals(List.of("write 100", "written 100", "ack a", "submit returned"), writes.events,
                    "written and answered before submit returned: no hand-off to a writer thread");
            assertEquals(List.of(Thread.currentThread().getName()), writes.writers);
        } finally {
            pool.close(Duration.ofSeconds(WAIT_SECONDS));
        }
        assertEquals(100, store.spanCount());
    }

    @Test
    void callersArrivingWhileACallerWritesAreCoalescedIntoOneWriteByAWriterThread() throws Exception {
        HeldWrites writes = new HeldWrites(1);
        WriterPool pool = new WriterPool(writes, 1, true, "test");
        try {
            AtomicReference<CompletableFuture<Void>> first = new AtomicReference<>();
            Thread caller = new Thread(() -> first.set(recorded(pool.submit(batch(1, 10)), writes.events, "first")),
                    "first-caller");
            caller.start();
            writes.awaitStarted();
            List<CompletableFuture<Void>> gathered = new ArrayList<>();
            for (int i = 2; i <= 5; i++) {
                gathered.add(recorded(pool.submit(batch(i, 10)), writes.events, "gathered"));
            }
            for (CompletableFuture<Void> f : gathered) {
                assertFalse(f.isDone(), "acknowledged before a write held it");
            }
            writes.release.countDown();
            caller.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            first.get().get(WAIT_SECONDS, TimeUnit.SECONDS);
            for (CompletableFuture<Void> f : gathered) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            List<String> events = new ArrayList<>(writes.events);
            assertEquals(List.of("write 10", "written 10", "write 40", "written 40"),
                    events.stream().filter(e -> !e.startsWith("ack")).toList(), "five requests, two writes");
            assertTrue(events.indexOf("ack first") > events.indexOf("written 10"), events.toString());
            assertTrue(events.indexOf("ack gathered") > events.indexOf("written 40"), events.toString());
            assertEquals(List.of("first-caller", "test-writer-1"), writes.writers);
        } finally {
            writes.release.countDown();
            pool.close(Duration.ofSeconds(WAIT_SECONDS));
        }
        assertEquals(50, store.spanCount());
    }

    @Test
    void aCallerThatJustWroteHandsItsNextBatchToAWriterThreadUntilItHasRested() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        Thread caller = Thread.currentThread();
        // the caller's own writes take 1,000 ns; the writer thread's take no time
        HeldWrites writes = new HeldWrites(0) {
            @Override
            public void write(ExportTraceServiceRequest batch) {
                super.write(batch);
                if (Thread.currentThread() == caller) {
                    clock.addAndGet(1_000);
                }
            }
        };
        WriterPool pool = new WriterPool(writes, 1, Long.MAX_VALUE, true, clock::get, "test");
        try {
            pool.submit(batch(1, 10)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            // at once again, as the batch processor's idle flush would: a writer thread takes it
            pool.submit(batch(2, 10)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            clock.addAndGet(499);
            pool.submit(batch(3, 10)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            clock.addAndGet(1);
            pool.submit(batch(4, 10)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            pool.close(Duration.ofSeconds(WAIT_SECONDS));
        }
        String self = caller.getName();
        assertEquals(List.of(self, "test-writer-1", "test-writer-1", self), writes.writers,
                "after a write of 1,000 ns the caller writes again only once 500 ns went by");
    }

    @Test
    void whenEveryWriterIsBusyAndTooManySpansWaitSubmitWaitsToo() throws Exception {
        HeldWrites writes = new HeldWrites(1);
        WriterPool pool = new WriterPool(writes, 1, 1, false, System::nanoTime, "test");
        try {
            List<CompletableFuture<Void>> accepted = new ArrayList<>();
            accepted.add(pool.submit(batch(0)));
            writes.awaitStarted();
            accepted.add(pool.submit(batch(1)));
            AtomicReference<CompletableFuture<Void>> overflow = new AtomicReference<>();
            Thread producer = new Thread(() -> overflow.set(pool.submit(batch(99))));
            producer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (producer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.WAITING, producer.getState(), "the third batch waits for room");
            assertEquals(null, overflow.get());

            writes.release.countDown();
            producer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            accepted.add(overflow.get());
            for (CompletableFuture<Void> f : accepted) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            writes.release.countDown();
            pool.close(Duration.ofSeconds(WAIT_SECONDS));
        }
        assertEquals(3, store.spanCount());
    }

    @Test
    void closeWaitsForTheWritesInFlightThenRefusesMore() {
        WriterPool pool = new WriterPool(store, 2, false, "test");
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            writes.add(pool.submit(batch(i)));
        }

        assertTrue(pool.close(Duration.ofSeconds(WAIT_SECONDS)));

        for (CompletableFuture<Void> w : writes) {
            assertTrue(w.isDone() && !w.isCompletedExceptionally(), w.toString());
        }
        assertEquals(4, store.spanCount());
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> pool.submit(batch(5)).get());
        assertTrue(refused.getCause() instanceof StorageException, refused.toString());
        assertFalse(store.getTrace(SpanFixtures.traceId(5), null, null).isPresent());
    }
}
