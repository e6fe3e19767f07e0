package io.spanvault.processor.batch;

import io.spanvault.pipeline.consumer.ConsumerException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one {@code consume} call waits on: it completes once every part of its data was accepted downstream,
 * and fails as soon as a batch holding one of its parts fails.
 */
final class Caller extends CompletableFuture<Void> {
    private final AtomicInteger partsLeft;

    Caller(int parts) {
        this.partsLeft = new AtomicInteger(parts);
    }

    void partDone(Throwable failure) {
        if (failure != null) {
            completeExceptionally(ConsumerException.of(failure));
        } else if (partsLeft.decrementAndGet() == 0) {
            complete(null);
        }
    }
}
