package io.spanvault.exporter.sending;

import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request, and after a retryable failure sends it again after an exponential back-off (never
 * sooner than the server's RetryInfo / Retry-After asks) until it succeeds, fails permanently, or runs out
 * of {@code max_elapsed_time}. Waits are scheduled, never slept, so a waiting request holds no thread.
 */
public final class RetryingSender<T> implements RequestSender<T> {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingSender.class);

    private final RequestSender<T> next;
    private final RetryConfig config;
    private final ScheduledExecutorService scheduler;
    private final String exporter;
    private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    public RetryingSender(RequestSender<T> next, RetryConfig config, ScheduledExecutorService scheduler,
            String exporter) {
        this.next = next;
        this.config = config;
        this.scheduler = scheduler;
        this.exporter = exporter;
    }

    @Override
    public CompletionStage<Void> send(T request) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        ExponentialBackOff backOff = config.enabled()
                ? new ExponentialBackOff(config, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble())
                : null;
        attempt(request, backOff, result);
        return result;
    }

    /**
     * Fails every request that waits for its next attempt with a {@link StoppedException}, so a closing
     * exporter does not wait out back-offs; a persistent queue keeps such requests for the next start. An
     * attempt on the wire finishes, and is not retried.
     */
    public void stop() {
        stopped = true;
        for (CompletableFuture<Void> f : waiting) {
            f.completeExceptionally(new StoppedException());
        }
    }

    private void attempt(T request, ExponentialBackOff backOff, CompletableFuture<Void> result) {
        if (result.isDone()) {
            return;
        }
        CompletionStage<Void> sent;
        try {
            sent = next.send(request);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ok, error) -> {
            if (error == null) {
                result.complete(null);
                return;
            }
            ConsumerException failure = ConsumerException.of(error);
            if (failure instanceof PermanentException || backOff == null) {
                result.completeExceptionally(failure);
                return;
            }
            Optional<Duration> wait = backOff.next(((RetryableException) failure).retryAfter().orElse(null));
            if (wait.isEmpty()) {
                result.completeExceptionally(new RetryableException("no more retries left (max_elapsed_time "
                        + config.maxElapsedTime() + "): " + failure.getMessage(), null, failure));
                return;
            }
            if (stopped) {
                result.completeExceptionally(new StoppedException());
                return;
            }
            LOG.info("exporter {}: sending failed, will retry in {}: {}", exporter, wait.get(), failure.getMessage());
            waiting.add(result);
            if (stopped && waiting.remove(result)) {
                result.completeExceptionally(new StoppedException());
                return;
            }
            try {
                scheduler.schedule(() -> {
                    waiting.remove(result);
                    attempt(request, backOff, result);
                }, wait.get().toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                result.completeExceptionally(new StoppedException());
            }
        });
    }

    /** The exporter stopped while the request waited for a retry; it was neither sent nor given up. */
    public static final class StoppedException extends RuntimeException {
        StoppedException() {
            super("exporter stopped before the request could be sent", null, false, false);
        }
    }
}
