package io.spanvault.pipeline.testkit;

import io.spanvault.pipeline.consumer.SignalConsumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A pipeline end that accepts at once and says so, as the store exporter does, for tests of the hand-off. */
public final class NeverBlockingConsumer<T> implements SignalConsumer<T> {
    @Override
    public CompletionStage<Void> consume(T data) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean blocksCaller() {
        return false;
    }
}
