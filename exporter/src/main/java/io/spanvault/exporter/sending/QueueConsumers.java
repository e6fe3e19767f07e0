package io.spanvault.exporter.sending;

import com.google.protobuf.Message;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes requests from a queue and sends them, at most {@code num_consumers} at a time. Sends are
 * asynchronous, so a consumer is a slot, not a thread. A request is completed in the queue when it was
 * sent or given up; one cut short by {@link #stop} stays in the queue (a persistent queue sends it after
 * the next start).
 */
final class QueueConsumers<T extends Message> {
    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumers.class);

    private final SendingQueue<T> queue;
    private final RequestSender<T> sender;
    private final int consumers;
    private final Executor executor;
    private final Signal<T> signal;
    private final SendingMetrics metrics;
    private final String exporter;
    private int inFlight;
    private boolean stopped;

    QueueConsumers(SendingQueue<T> queue, RequestSender<T> sender, int consumers, Executor executor,
            Signal<T> signal, SendingMetrics metrics, String exporter) {
        this.queue = queue;
        this.sender = sender;
        this.consumers = consumers;
        this.executor = executor;
        this.signal = signal;
        this.metrics = metrics;
        this.exporter = exporter;
    }

    /** Starts sends until every slot is busy or the queue is empty. */
    void dispatch() {
        while (true) {
            SendingQueue.Queued<T> item;
            synchronized (this) {
                if (stopped || inFlight >= consumers) {
                    return;
                }
                try {
                    item = queue.poll();
                } catch (java.io.IOException e) {
                    LOG.error("exporter {}: cannot read the sending queue", exporter, e);
                    return;
                }
                if (item == null) {
                    return;
                }
                inFlight++;
            }
            send(item);
        }
    }

    private void send(SendingQueue.Queued<T> item) {
        int items = signal.itemCount(item.request());
        sender.send(item.request()).whenCompleteAsync((ok, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean keep = cause != null && isStop(cause);
            if (cause == null) {
                metrics.sent(items);
            } else if (!keep) {
                metrics.sendFailed(items);
                LOG.warn("exporter {}: dropping {} {} after a failed send: {}", exporter, items, signal.itemName(),
                        cause.getMessage());
            }
            if (!keep) {
                try {
                    queue.complete(item);
                } catch (java.io.IOException e) {
                    LOG.error("exporter {}: cannot record a sent request in the queue", exporter, e);
                }
            }
            synchronized (this) {
                inFlight--;
                notifyAll();
            }
            dispatch();
        }, executor);
    }

    private static boolean isStop(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetryingSender.StoppedException) {
                return true;
            }
        }
        return false;
    }

    /** Waits until nothing is queued or in flight, or the timeout passes; true if drained. */
    synchronized boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0 || (!stopped && queue.size() > 0)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** No new sends start; the ones in flight finish (or are cut short by the sender's stop). */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
