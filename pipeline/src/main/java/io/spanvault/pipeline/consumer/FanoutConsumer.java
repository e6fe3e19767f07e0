package io.spanvault.pipeline.consumer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hands the same data to several consumers and succeeds once all of them accepted it. If some fail, the
 * failure is retryable when any of them may be retried (the sender's retry may duplicate data at the
 * consumers that accepted it: at-least-once), else permanent.
 */
public final class FanoutConsumer<T> implements SignalConsumer<T> {
    private final List<SignalConsumer<T>> consumers;

    private FanoutConsumer(List<SignalConsumer<T>> consumers) {
        this.consumers = consumers;
    }

    /** The one consumer itself when there is only one, else a fan-out over all of them. */
    public static <T> SignalConsumer<T> of(List<? extends SignalConsumer<T>> consumers) {
        if (consumers.isEmpty()) {
            throw new IllegalArgumentException("a fan-out needs at least one consumer");
        }
        if (consumers.size() == 1) {
            return consumers.get(0);
        }
        return new FanoutConsumer<>(List.copyOf(consumers));
    }

    @Override
    public CompletionStage<Void> consume(T data) {
        CompletableFuture<?>[] results = new CompletableFuture<?>[consumers.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = start(consumers.get(i), data);
        }
        return CompletableFuture.allOf(results).handle((ok, error) -> {
            if (error == null) {
                return null;
            }
            throw combinedFailure(results);
        });
    }

    @Override
    public boolean blocksCaller() {
        for (SignalConsumer<T> consumer : consumers) {
            if (consumer.blocksCaller()) {
                return true;
            }
        }
        return false;
    }

    private static <T> CompletableFuture<Void> start(SignalConsumer<T> consumer, T data) {
        try {
            return consumer.consume(data).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ConsumerException combinedFailure(CompletableFuture<?>[] results) {
        ConsumerException permanent = null;
        for (CompletableFuture<?> result : results) {
            if (!result.isCompletedExceptionally()) {
                continue;
            }
            ConsumerException failure = ConsumerException.of(result.handle((v, e) -> e).join());
            if (failure instanceof RetryableException) {
                return failure;
            }
            permanent = failure;
        }
        return permanent;
    }
}
