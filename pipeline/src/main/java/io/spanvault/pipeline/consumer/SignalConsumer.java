package io.spanvault.pipeline.consumer;

import java.util.concurrent.CompletionStage;

/**
 * The next stage of a pipeline for one signal. The returned stage completes once this consumer has
 * accepted the data (stored, enqueued, or handed on and accepted downstream); it fails with a
 * {@link ConsumerException} saying whether the sender may retry.
 *
 * @param <T> the OTLP export request of the signal
 */
@FunctionalInterface
public interface SignalConsumer<T> {
    CompletionStage<Void> consume(T data);
}
