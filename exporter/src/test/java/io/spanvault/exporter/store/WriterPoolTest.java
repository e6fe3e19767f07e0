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
    private final class HeldWrites implements TraceWriter {
        final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.Semaphore started = new java.util.concurrent.Semaphore(0);
        final CountDownLatch release;

        HeldWrites(int heldWrites) {
            release = new CountDownLatch(heldWrites);
        }

        @Override
        public void write(ExportTraceServiceRequest batch) {
            int spans = io.spanvault.pipeline.signal.Signal.TRACES.itemCount(batch);
            events.add("write " + spans);
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
        WriterPool pool = new WriterPool(writes, 1, "test");
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
        WriterPool pool = new WriterPool(writes, 1, "test");
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
    void whenEveryWriterIsBusyAndTooManySpansWaitSubmitWaitsToo() throws Exception {
        HeldWrites writes = new HeldWrites(1);
        WriterPool pool = new WriterPool(writes, 1, 1, "test");
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
        WriterPool pool = new WriterPool(store, 2, "test");
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
