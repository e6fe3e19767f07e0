package io.spanvault.exporter.store;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a store's writes on a fixed number of threads, so batches that arrive together are written in parallel.
 * At most {@value #IN_FLIGHT_PER_WRITER} batches per thread are in flight (being written or waiting for a
 * thread); past that, {@link #submit} waits for a write to finish. That holds up the caller (the batch
 * processor's sender, or a receiver's thread) as a slow exporter holds up the collector's pipeline, instead
 * of queueing batches without bound while the store falls behind.
 */
final class WriterPool {
    static final int IN_FLIGHT_PER_WRITER = 2;

    private final TraceWriter store;
    private final ExecutorService threads;
    private final Semaphore inFlight;
    private volatile boolean closed;

    WriterPool(TraceWriter store, int writers, String name) {
        this.store = store;
        this.inFlight = new Semaphore(IN_FLIGHT_PER_WRITER * writers);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, name + "-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Hands the batch to a writer thread, first waiting for room when too many batches are in flight. The
     * stage completes once {@code write} returned, or fails with what it threw ({@link StorageException} also
     * when the pool is closed or the caller was interrupted while waiting).
     */
    CompletableFuture<Void> submit(ExportTraceServiceRequest batch) {
        if (closed) {
            return CompletableFuture.failedFuture(new StorageException("the store exporter is closed"));
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(
                    new StorageException("interrupted while waiting for a store writer", e));
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            threads.execute(() -> write(batch, written));
        } catch (RejectedExecutionException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(new StorageException("the store exporter is closed"));
        }
        return written;
    }

    private void write(ExportTraceServiceRequest batch, CompletableFuture<Void> written) {
        Throwable failure = null;
        try {
            store.write(batch);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            // before completing: what runs on completion may submit the next batch and must find room
            inFlight.release();
        }
        if (failure == null) {
            written.complete(null);
        } else {
            written.completeExceptionally(failure);
        }
    }

    /** Refuses new batches and waits up to {@code timeout} for those in flight; false if some are still running. */
    boolean close(Duration timeout) {
        closed = true;
        threads.shutdown();
        try {
            return threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
