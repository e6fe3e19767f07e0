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

    @Test
    void whenEveryWriterIsBusyAndBatchesWaitSubmitWaitsToo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TraceWriter heldWrites = b -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.write(b);
        };
        WriterPool pool = new WriterPool(heldWrites, 1, "test");
        try {
            List<CompletableFuture<Void>> accepted = new ArrayList<>();
            for (int i = 0; i < WriterPool.IN_FLIGHT_PER_WRITER; i++) {
                accepted.add(pool.submit(batch(i)));
            }
            AtomicReference<CompletableFuture<Void>> overflow = new AtomicReference<>();
            Thread producer = new Thread(() -> overflow.set(pool.submit(batch(99))));
            producer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (producer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.WAITING, producer.getState(), "the third batch waits for room");
            assertEquals(null, overflow.get());

            release.countDown();
            producer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            accepted.add(overflow.get());
            for (CompletableFuture<Void> f : accepted) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            pool.close(Duration.ofSeconds(WAIT_SECONDS));
        }
        assertEquals(WriterPool.IN_FLIGHT_PER_WRITER + 1, store.spanCount());
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
