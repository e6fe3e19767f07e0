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

    /**
     * Whether {@link #consume} may hold its caller for I/O (an fsync, a network round trip, a file write it
     * waits on) instead of returning its stage at once. A receiver calls a consumer that never does straight
     * from its network event loop, saving a hand-off to another thread and its wake-up per request; one that
     * may, from threads of its own, so that one request's wait does not stall the other connections of the
     * loop. Waiting for room while the next stage is full (back-pressure that the next stage's own threads
     * release) is not blocking in this sense. The default is the safe answer: true.
     */
    default boolean blocksCaller() {
        return true;
    }
}
