package io.spanvault.pipeline.testkit;

import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A pipeline end for tests: keeps every request it accepts, and can be told to fail the next calls.
 * Thread-safe; {@link #awaitItems} waits until enough items arrived.
 */
public final class CapturingConsumer<T extends com.google.protobuf.Message> implements SignalConsumer<T> {
    private final Signal<T> signal;
    private final List<T> received = new ArrayList<>();
    private Function<T, CompletionStage<Void>> behaviour = data -> CompletableFuture.completedFuture(null);

    public CapturingConsumer(Signal<T> signal) {
        this.signal = signal;
    }

    /** Replaces what {@link #consume} answers (after recording), e.g. a failed stage or one completed later. */
    public synchronized void answerWith(Function<T, CompletionStage<Void>> answer) {
        this.behaviour = answer;
    }

    @Override
    public CompletionStage<Void> consume(T data) {
        Function<T, CompletionStage<Void>> answer;
        synchronized (this) {
            received.add(data);
            answer = behaviour;
            notifyAll();
        }
        return answer.apply(data);
    }

    public synchronized List<T> received() {
        return new ArrayList<>(received);
    }

    public synchronized int itemCount() {
        int n = 0;
        for (T data : received) {
            n += signal.itemCount(data);
        }
        return n;
    }

    /** Waits until at least {@code items} items arrived; fails the test after {@code timeout}. */
    public synchronized void awaitItems(int items, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (itemCount() < items) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + items + " " + signal.itemName() + " within " + timeout
                        + ", got " + itemCount());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized void clear() {
        received.clear();
    }
}
