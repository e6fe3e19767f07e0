package io.spanvault.processor.batch;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Groups requests into batches by size and time, for any signal. Unlike the Go collector, which acknowledges
 * data as soon as it is queued in a batch, a caller's stage completes only when every batch holding its data
 * was accepted downstream, and fails with that batch's error: a client never hears "ok" for data that was
 * then lost.
 *
 * <p>With {@code flush_when_idle} this is a group commit: while none of its batches is in flight downstream a
 * request goes out at once; while one is, arriving requests gather and go out together the moment it was
 * accepted. A caller then waits about one downstream write, not the timeout, and batches grow with the load.
 * The next batch is handed downstream before the callers of the one just accepted are answered, so that
 * answering them overlaps the next write.
 */
final class BatchProcessor<T extends Message> implements Processor<T> {
    private enum Trigger { SIZE, TIMEOUT, IDLE, SHUTDOWN }

    private final Signal<T> signal;
    private final SignalConsumer<T> next;
    private final BatchMetrics metrics;
    private final int sendBatchSize;
    private final int maxBatchSize;
    private final long timeoutNanos;
    private final boolean flushWhenIdle;

    private final List<Part<T>> pending = new ArrayList<>();
    private int pendingItems;
    private ScheduledFuture<?> timer;
    /** Tells a timeout that fired after its timer was cancelled (and maybe replaced) to do nothing. */
    private long timerGeneration;
    private int inFlight;
    private boolean closed;

    BatchProcessor(Signal<T> signal, BatchConfig config, SignalConsumer<T> next, BatchMetrics metrics) {
        this.signal = signal;
        this.next = next;
        this.metrics = metrics;
        this.sendBatchSize = config.sendBatchSize();
        this.maxBatchSize = config.sendBatchMaxSize() > 0 ? config.sendBatchMaxSize() : Integer.MAX_VALUE;
        this.timeoutNanos = config.timeout().toNanos();
        this.flushWhenIdle = config.flushWhenIdle();
        metrics.watchPending(this::pendingItems);
    }

    private synchronized int pendingItems() {
        return pendingItems;
    }

    @Override
    public CompletionStage<Void> consume(T data) {
        int items = signal.itemCount(data);
        if (items == 0) {
            return CompletableFuture.completedFuture(null);
        }
        List<T> chunks = items > maxBatchSize ? signal.split(data, maxBatchSize) : null;
        Caller caller = new Caller(chunks == null ? 1 : chunks.size());
        List<List<Part<T>>> ready;
        Trigger trigger;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new RetryableException(signal.name() + " batch processor is shutting down", null));
            }
            if (chunks == null) {
                pending.add(new Part<>(data, items, caller));
            } else {
                for (T chunk : chunks) {
                    pending.add(new Part<>(chunk, signal.itemCount(chunk), caller));
                }
            }
            pendingItems += items;
            boolean idle = flushWhenIdle && inFlight == 0;
            ready = idle ? takeAll() : takeFullBatches();
            trigger = idle ? Trigger.IDLE : Trigger.SIZE;
            if (pending.isEmpty()) {
                cancelTimer();
            } else if (timer == null) {
                long generation = ++timerGeneration;
                timer = BatchTimer.SCHEDULER.schedule(() -> onTimeout(generation), timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }
        sendAll(ready, trigger);
        return caller;
    }

    /** Batches are sent from the caller's thread (an idle flush, a full batch), so as the next stage does. */
    @Override
    public boolean blocksCaller() {
        return next.blocksCaller();
    }

    private void onTimeout(long generation) {
        List<List<Part<T>>> ready;
        synchronized (this) {
            if (generation != timerGeneration || timer == null) {
                return;
            }
            timer = null;
            ready = takeAll();
        }
        sendAll(ready, Trigger.TIMEOUT);
    }

    /** Batches that reached send_batch_size (every input, when there is no timeout). */
    private List<List<Part<T>>> takeFullBatches() {
        List<List<Part<T>>> ready = null;
        while (pendingItems > 0 && (timeoutNanos == 0 || pendingItems >= sendBatchSize)) {
            ready = add(ready, takeBatch());
        }
        return ready;
    }

    private List<List<Part<T>>> takeAll() {
        List<List<Part<T>>> ready = null;
        while (pendingItems > 0) {
            ready = add(ready, takeBatch());
        }
        return ready;
    }

    private static <E> List<E> add(List<E> list, E element) {
        List<E> out = list == null ? new ArrayList<>(2) : list;
        out.add(element);
        return out;
    }

    /** Takes whole parts from the front up to the size cap (each part is within the cap). */
    private List<Part<T>> takeBatch() {
        int taken = 0;
        int items = 0;
        while (taken < pending.size() && (taken == 0 || items + pending.get(taken).items() <= maxBatchSize)) {
            items += pending.get(taken).items();
            taken++;
        }
        List<Part<T>> batch = new ArrayList<>(pending.subList(0, taken));
        pending.subList(0, taken).clear();
        pendingItems -= items;
        inFlight++;
        return batch;
    }

    private void sendAll(List<List<Part<T>>> batches, Trigger trigger) {
        if (batches == null) {
            return;
        }
        // A downstream that answers at once (a queue) would otherwise recurse: send, answer, idle flush, send...
        SendLoop.run(() -> {
            for (List<Part<T>> batch : batches) {
                send(batch, trigger);
            }
        });
    }

    private void send(List<Part<T>> batch, Trigger trigger) {
        int items = 0;
        for (int i = 0; i < batch.size(); i++) {
            items += batch.get(i).items();
        }
        metrics.sendSize.record(items);
        if (trigger == Trigger.SIZE) {
            metrics.sizeTriggers.increment();
        } else if (trigger == Trigger.TIMEOUT) {
            metrics.timeoutTriggers.increment();
        } else if (trigger == Trigger.IDLE) {
            metrics.idleTriggers.increment();
        }
        CompletionStage<Void> accepted;
        try {
            accepted = next.consume(merge(batch));
        } catch (RuntimeException | Error e) {
            // Batches are also sent from the timer thread, where a thrown error would vanish and leave
            // every caller of the batch waiting forever; failing the batch answers them.
            accepted = CompletableFuture.failedFuture(e);
        }
        accepted.whenComplete((ok, failure) -> {
            // What gathered meanwhile goes downstream before this batch's callers are answered: answering
            // hundreds of callers (each a response to encode and write) would otherwise hold up the next
            // write, and on a pool of store writers another writer takes it while this thread answers.
            batchDone();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).caller().partDone(failure);
            }
        });
    }

    private T merge(List<Part<T>> batch) {
        if (batch.size() == 1) {
            return batch.get(0).request();
        }
        List<T> requests = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            requests.add(batch.get(i).request());
        }
        return signal.merge(requests);
    }

    /** A batch was answered downstream; with flush_when_idle, what gathered meanwhile goes out now. */
    private void batchDone() {
        List<List<Part<T>>> ready = null;
        synchronized (this) {
            if (--inFlight == 0) {
                notifyAll();
                if (flushWhenIdle && !closed && pendingItems > 0) {
                    cancelTimer();
                    ready = takeAll();
                }
            }
        }
        sendAll(ready, Trigger.IDLE);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
            timerGeneration++;
        }
    }

    /** Sends what is pending and waits until downstream answered for every batch sent. */
    @Override
    public void close() {
        List<List<Part<T>>> ready;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            cancelTimer();
            ready = takeAll();
        }
        sendAll(ready, Trigger.SHUTDOWN);
        synchronized (this) {
            while (inFlight > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
