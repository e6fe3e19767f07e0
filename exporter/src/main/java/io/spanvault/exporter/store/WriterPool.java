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
import java.util.function.LongSupplier;

/**
 * Writes into the store with group commit, at most {@code writers} writes at a time: a batch submitted while a
 * write slot is free is written at once; batches submitted while every slot is busy wait together, and the next
 * writer to finish takes all of them (up to {@value #MAX_GROUP_SPANS} spans) into one write. With
 * {@code callerWrites} (a store whose write is CPU work, not a wait on an fsync or the network) the caller that
 * finds the pool idle writes its own batch on its own thread, so an idle store costs no thread hop; what waits is
 * written by the pool's threads. A caller writes at most its own batch, and not again before it has spent half as
 * long elsewhere as its last write took: otherwise the batch processor's idle flush, answered at once, would keep a
 * receiver's event loop writing batch after batch while its connections wait. Each batch's stage completes when the
 * write holding it returned, so a caller waits about one write, and writes grow with the load. When more than
 * {@code maxWaitingSpans} spans wait, {@link #submit} waits for a writer to take some: that holds up the caller
 * (the batch processor's sender, or a receiver's thread) as a slow exporter holds up the collector's pipeline,
 * instead of queueing without bound while the store falls behind.
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
    private final boolean callerWrites;
    private final LongSupplier clock;
    /** Per caller thread: when its last write of its own batch ended, and how long it took (nanoseconds). */
    private final ThreadLocal<long[]> lastCallerWrite = ThreadLocal.withInitial(() -> new long[] {0, -1});
    private final Thread[] threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final Condition quiet = lock.newCondition();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long waitingSpans;
    private int idleWriters;
    /** Writes in progress, by the pool's threads and by callers; at most one per writer thread. */
    private int writing;
    private boolean closed;

    WriterPool(TraceWriter store, int writers, boolean callerWrites, String name) {
        this(store, writers, WAITING_SPANS_PER_WRITER * writers, callerWrites, System::nanoTime, name);
    }

    WriterPool(TraceWriter store, int writers, long maxWaitingSpans, boolean callerWrites, LongSupplier clock,
            String name) {
        this.store = store;
        this.maxWaitingSpans = maxWaitingSpans;
        this.callerWrites = callerWrites;
        this.clock = clock;
        this.threads = new Thread[writers];
        for (int i = 0; i < writers; i++) {
            threads[i] = new Thread(this::writeUntilClosed, name + "-writer-" + (i + 1));
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /**
     * Writes the batch on the calling thread when the pool may let it (see the class comment), or queues it
     * for the next write, first waiting for room when too many spans wait. The stage
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
            if (mayWait && callerWrites && waiting.isEmpty() && writing < threads.length
                    && spans <= MAX_GROUP_SPANS && rested()) {
                writing++;
            } else {
                waiting.addLast(new Waiting(batch, spans, written));
                waitingSpans += spans;
                if (idleWriters > 0 && writing < threads.length) {
                    work.signal();
                }
                return written;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(
                    new StorageException("interrupted while waiting for a store writer", e));
        } finally {
            lock.unlock();
        }
        List<Waiting> own = List.of(new Waiting(batch, spans, written));
        long start = clock.getAsLong();
        Throwable failure = write(own);
        long[] last = lastCallerWrite.get();
        last[0] = clock.getAsLong();
        last[1] = last[0] - start;
        // answered after the time is taken: a caller that submits again from the answer is not rested
        answer(own, failure);
        return written;
    }

    /** Whether this caller spent half as long elsewhere since its last own write as that write took. */
    private boolean rested() {
        long[] last = lastCallerWrite.get();
        return last[1] < 0 || clock.getAsLong() - last[0] >= last[1] / 2;
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
                while (waiting.isEmpty() || writing >= threads.length) {
                    if (closed && waiting.isEmpty()) {
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
                writing++;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            answer(group, write(group));
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

    /** Writes the group and frees its write slot; returns what the write threw, null when it succeeded. */
    private Throwable write(List<Waiting> group) {
        Throwable failure = null;
        try {
            store.write(merged(group));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        lock.lock();
        try {
            writing--;
            if (!waiting.isEmpty() && idleWriters > 0) {
                work.signal();
            }
            if (writing == 0) {
                quiet.signalAll();
            }
        } finally {
            lock.unlock();
        }
        return failure;
    }

    private static void answer(List<Waiting> group, Throwable failure) {
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
            return awaitQuiet(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until no caller writes any more (the pool's threads have ended). */
    private boolean awaitQuiet(long deadline) throws InterruptedException {
        lock.lock();
        try {
            while (writing > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                quiet.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
