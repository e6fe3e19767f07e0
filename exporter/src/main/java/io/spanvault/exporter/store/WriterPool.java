package io.spanvault.exporter.store;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes into the store on a fixed number of threads, with group commit: a batch submitted while a writer is
 * idle is written at once; batches submitted while every writer is busy wait together, and the next writer
 * to finish takes all of them (up to {@value #MAX_GROUP_SPANS} spans) into one write. Each batch's stage
 * completes when the write holding it returned, so a caller waits about one write, and writes grow with the
 * load. When more than {@code maxWaitingSpans} spans wait, {@link #submit} waits for a writer to take some:
 * that holds up the caller (the batch processor's sender, or a receiver's thread) as a slow exporter holds
 * up the collector's pipeline, instead of queueing without bound while the store falls behind.
 */
final class WriterPool {
    /** The most spans one write takes from those waiting, so that one write stays a bounded pause. */
    static final int MAX_GROUP_SPANS = 16_384;
    /** Spans that may wait for a writer, per writer, before {@link #submit} holds its caller up. */
    static final long WAITING_SPANS_PER_WRITER = 2L * MAX_GROUP_SPANS;

    private record Waiting(ExportTraceServiceRequest batch, int spans, CompletableFuture<Void> written) {
    }

    private final TraceWriter store;
    private final long maxWaitingSpans;
    private final Thread[] threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long waitingSpans;
    private int idleWriters;
    private boolean closed;

    WriterPool(TraceWriter store, int writers, String name) {
        this(store, writers, WAITING_SPANS_PER_WRITER * writers, name);
    }

    WriterPool(TraceWriter store, int writers, long maxWaitingSpans, String name) {
        this.store = store;
        this.maxWaitingSpans = maxWaitingSpans;
        this.threads = new Thread[writers];
        for (int i = 0; i < writers; i++) {
            threads[i] = new Thread(this::writeUntilClosed, name + "-writer-" + (i + 1));
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /**
     * Queues the batch for the next write, first waiting for room when too many spans wait. The stage
     * completes once the write holding it returned, or fails with what it threw ({@link StorageException} also
     * when the pool is closed or the caller was interrupted while waiting).
     */
    CompletableFuture<Void> submit(ExportTraceServiceRequest batch) {
        int spans = Signal.TRACES.itemCount(batch);
        // A writer thread submits when a completed write's caller sends its next batch at once; it must not
        // wait for room that only writers make.
        boolean mayWait = !isWriter(Thread.currentThread());
        CompletableFuture<Void> written = new CompletableFuture<>();
        lock.lock();
        try {
            while (mayWait && !closed && !waiting.isEmpty() && waitingSpans + spans > maxWaitingSpans) {
                room.await();
            }
            if (closed) {
                return CompletableFuture.failedFuture(new StorageException("the store exporter is closed"));
            }
            waiting.addLast(new Waiting(batch, spans, written));
            waitingSpans += spans;
            if (idleWriters > 0) {
                work.signal();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(
                    new StorageException("interrupted while waiting for a store writer", e));
        } finally {
            lock.unlock();
        }
        return written;
    }

    private boolean isWriter(Thread thread) {
        for (Thread writer : threads) {
            if (writer == thread) {
                return true;
            }
        }
        return false;
    }

    private void writeUntilClosed() {
        while (true) {
            List<Waiting> group;
            lock.lock();
            try {
                while (waiting.isEmpty()) {
                    if (closed) {
                        return;
                    }
                    idleWriters++;
                    try {
                        work.awaitUninterruptibly();
                    } finally {
                        idleWriters--;
                    }
                }
                group = takeGroup();
                room.signalAll();
            } finally {
                lock.unlock();
            }
            write(group);
        }
    }

    /**
     * The batches of the next write: all that wait, up to the span cap, but only a fair share while other
     * writers are idle too, so that batches arriving together are still written in parallel.
     */
    private List<Waiting> takeGroup() {
        int share = idleWriters == 0 ? waiting.size() : (waiting.size() + idleWriters) / (idleWriters + 1);
        List<Waiting> group = new ArrayList<>(Math.min(share, 64));
        int spans = 0;
        while (!waiting.isEmpty() && group.size() < share
                && (group.isEmpty() || spans + waiting.peekFirst().spans() <= MAX_GROUP_SPANS)) {
            Waiting next = waiting.pollFirst();
            spans += next.spans();
            waitingSpans -= next.spans();
            group.add(next);
        }
        return group;
    }

    private void write(List<Waiting> group) {
        Throwable failure = null;
        try {
            store.write(merged(group));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Waiting w : group) {
            if (failure == null) {
                w.written().complete(null);
            } else {
                w.written().completeExceptionally(failure);
            }
        }
    }

    private static ExportTraceServiceRequest merged(List<Waiting> group) {
        if (group.size() == 1) {
            return group.get(0).batch();
        }
        List<ExportTraceServiceRequest> batches = new ArrayList<>(group.size());
        for (Waiting w : group) {
            batches.add(w.batch());
        }
        return Signal.TRACES.merge(batches);
    }

    /** Refuses new batches and waits up to {@code timeout} for those waiting and being written; false if some are left. */
    boolean close(Duration timeout) {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread writer : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                if (writer.isAlive()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
