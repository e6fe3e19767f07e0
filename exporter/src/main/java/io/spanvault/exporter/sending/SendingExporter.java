package io.spanvault.exporter.sending;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every network exporter shares (the collector's exporterhelper): a {@link Client} that sends one
 * request, wrapped in retries and, when {@code sending_queue} is enabled, a queue that acknowledges data
 * once enqueued. Without a queue the caller waits for the send and its retries and gets the final failure.
 */
public final class SendingExporter<T extends Message> implements Exporter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(SendingExporter.class);
    /** What a producer is told to wait when the queue is full: it drains at the destination's pace. */
    private static final Duration QUEUE_FULL_RETRY_AFTER = Duration.ofSeconds(1);

    /** Sends one request to the destination; opened by {@link #start}, released by {@link #close()}. */
    public interface Client<T> extends RequestSender<T>, AutoCloseable {
        /** Opens the connection; {@code host} finds the {@code auth} extension (null in unit tests). */
        void start(Host host) throws Exception;

        @Override
        void close();
    }

    private final ComponentContext context;
    private final Signal<T> signal;
    private final RetryConfig retryConfig;
    private final QueueConfig queueConfig;
    private final Duration drainTimeout;
    private final Client<T> client;
    private final SendingMetrics metrics;
    private final String name;
    private ScheduledThreadPoolExecutor scheduler;
    private RetryingSender<T> retrying;
    private SendingQueue<T> queue;
    private QueueConsumers<T> consumers;
    private volatile boolean closed;

    /** {@code drainTimeout} bounds how long {@link #close()} keeps sending what is queued. */
    public SendingExporter(ComponentContext context, Signal<T> signal, RetryConfig retryConfig,
            QueueConfig queueConfig, Duration drainTimeout, SendingMetrics metrics, Client<T> client) {
        this.context = context;
        this.signal = signal;
        this.retryConfig = retryConfig;
        this.queueConfig = queueConfig;
        this.drainTimeout = drainTimeout;
        this.client = client;
        this.metrics = metrics;
        this.name = context.id() + "/" + signal.name();
    }

    @Override
    public void start(Host host) throws Exception {
        scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "spanvault-exporter-" + name);
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        client.start(host);
        retrying = new RetryingSender<>(client, retryConfig, scheduler, name);
        if (queueConfig.enabled()) {
            queue = openQueue();
            metrics.watch(queue, signal);
            consumers = new QueueConsumers<>(queue, retrying, queueConfig.numConsumers(), scheduler, signal, metrics,
                    name);
            scheduler.execute(consumers::dispatch);
        }
    }

    private SendingQueue<T> openQueue() throws IOException {
        if (!queueConfig.persistent()) {
            return new MemoryQueue<>(queueConfig.queueSize());
        }
        Path dir = Path.of(queueConfig.storage()).resolve(directoryName(context.id())).resolve(signal.name());
        return PersistentQueue.open(dir, signal.parser(), queueConfig.queueSize(), queueConfig.fsync());
    }

    /** {@code otlp/agent} → {@code otlp-agent}: a file name that cannot climb out of the storage directory. */
    public static String directoryName(ComponentId id) {
        String raw = id.name().isEmpty() ? id.type() : id.type() + "-" + id.name();
        return raw.replaceAll("[^A-Za-z0-9_.-]", "_").replace("..", "__");
    }

    @Override
    public CompletionStage<Void> consume(T request) {
        int items = signal.itemCount(request);
        if (closed) {
            return CompletableFuture.failedFuture(new RetryableException("exporter " + name + " is shutting down",
                    null));
        }
        if (queue == null) {
            return retrying.send(request).handle((ok, error) -> {
                if (error == null) {
                    metrics.sent(items);
                    return null;
                }
                metrics.sendFailed(items);
                throw ConsumerException.of(error);
            });
        }
        boolean accepted;
        try {
            accepted = queue.offer(request);
        } catch (IOException e) {
            metrics.enqueueFailed(items);
            return CompletableFuture.failedFuture(new RetryableException("exporter " + name
                    + " cannot write to its sending queue: " + e.getMessage(), QUEUE_FULL_RETRY_AFTER, e));
        }
        if (!accepted) {
            metrics.enqueueFailed(items);
            return CompletableFuture.failedFuture(RetryableException.throttled("sending queue of exporter " + name
                    + " is full (queue_size " + queue.capacity() + ")", QUEUE_FULL_RETRY_AFTER));
        }
        scheduler.execute(consumers::dispatch);
        // With fsync the answer waits for the group fsync covering the request, on the queue's fsync thread
        return queue.durable().handle((ok, error) -> {
            if (error == null) {
                return null;
            }
            metrics.enqueueFailed(items);
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            throw new RetryableException("exporter " + name + " cannot fsync its sending queue: "
                    + cause.getMessage(), QUEUE_FULL_RETRY_AFTER, cause);
        });
    }

    /**
     * With a sending queue, {@link #consume} appends to it and returns: a persistent queue's fsync completes
     * the returned stage later, on the queue's own thread. Without one it hands the request to the client,
     * which may hold the caller.
     */
    @Override
    public boolean blocksCaller() {
        return !queueConfig.enabled();
    }

    /**
     * Stops taking data, then sends what is queued for up to {@code drainTimeout}. A persistent queue is not
     * drained: only the sends in flight finish, the rest waits on disk for the next start.
     */
    @Override
    public void close() {
        closed = true;
        try {
            if (consumers != null) {
                if (queueConfig.persistent()) {
                    consumers.stop();
                    retrying.stop();
                    consumers.awaitDrained(drainTimeout);
                } else {
                    if (!consumers.awaitDrained(drainTimeout)) {
                        LOG.warn("exporter {}: dropping {} queued requests not sent within {}", name, queue.size(),
                                drainTimeout);
                    }
                    consumers.stop();
                    retrying.stop();
                }
            } else if (retrying != null) {
                retrying.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
        }
    }

    /**
     * Stops taking data and sends everything queued, a persistent queue included, for up to
     * {@code drainTimeout}: for an exporter whose destination is gone for good, whose client sends elsewhere
     * (the load balancer's rerouting). True when nothing is left queued; what is left of a persistent queue
     * stays on disk.
     */
    public boolean closeDraining() {
        closed = true;
        boolean drained = true;
        try {
            if (consumers != null) {
                drained = consumers.awaitDrained(drainTimeout);
                if (!drained) {
                    LOG.warn("exporter {}: {} queued requests not sent within {}{}", name, queue.size(), drainTimeout,
                            queueConfig.persistent() ? "; they stay in the queue's directory" : "; dropping them");
                }
                consumers.stop();
            }
            if (retrying != null) {
                retrying.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        } finally {
            closeQuietly();
        }
        return drained;
    }

    private void closeQuietly() {
        if (queue != null) {
            try {
                queue.close();
            } catch (IOException e) {
                LOG.warn("exporter {}: closing the sending queue failed", name, e);
            }
        }
        client.close();
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
