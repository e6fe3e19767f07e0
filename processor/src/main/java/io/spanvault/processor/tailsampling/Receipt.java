package io.spanvault.processor.tailsampling;

import io.spanvault.pipeline.consumer.ConsumerException;
import java.util.concurrent.CompletableFuture;

/**
 * One sender's request under {@code acknowledge: on_decision}: answered once every trace it carried spans
 * of was decided and delivered; the first delivery failure fails it, so the sender retries.
 */
final class Receipt {
    private final CompletableFuture<Void> answer = new CompletableFuture<>();
    private int pending = 1; // released by arm() once the request's traces are all registered

    synchronized void expect() {
        pending++;
    }

    /** All traces are registered: the request's own hold is released. */
    void arm() {
        done(null);
    }

    synchronized void done(Throwable failure) {
        if (failure != null) {
            answer.completeExceptionally(ConsumerException.of(failure));
            return;
        }
        if (--pending == 0) {
            answer.complete(null);
        }
    }

    CompletableFuture<Void> answer() {
        return answer;
    }
}
