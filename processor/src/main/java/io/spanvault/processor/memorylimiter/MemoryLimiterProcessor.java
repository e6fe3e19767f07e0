package io.spanvault.processor.memorylimiter;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Refuses data with a retryable error while the heap is above the soft limit, so receivers answer
 * 503/UNAVAILABLE with Retry-After and senders back off instead of the JVM running out of memory.
 */
final class MemoryLimiterProcessor<T extends Message> implements Processor<T> {
    private final MemoryWatch watch;
    private final String name;
    private final Signal<T> signal;
    private final Counter refused;
    private final Duration retryAfter;
    private final SignalConsumer<T> next;

    MemoryLimiterProcessor(MemoryWatch watch, String name, Signal<T> signal, Counter refused, Duration retryAfter,
            SignalConsumer<T> next) {
        this.watch = watch;
        this.name = name;
        this.signal = signal;
        this.refused = refused;
        this.retryAfter = retryAfter;
        this.next = next;
    }

    MemoryWatch watch() {
        return watch;
    }

    @Override
    public void start(Host host) {
        watch.start(name);
    }

    @Override
    public CompletionStage<Void> consume(T data) {
        if (watch.refusing()) {
            refused.add(signal.itemCount(data));
            return CompletableFuture.failedFuture(
                    RetryableException.throttled("data refused due to high memory usage", retryAfter));
        }
        return next.consume(data);
    }

    @Override
    public boolean blocksCaller() {
        return next.blocksCaller();
    }

    @Override
    public void close() {
        watch.close();
    }
}
