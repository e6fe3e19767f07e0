package io.spanvault.exporter.sending;

import java.util.concurrent.CompletionStage;

/**
 * Sends one request to the destination once. The stage fails with a
 * {@link io.spanvault.pipeline.consumer.RetryableException} (carrying the server's retry delay, if it gave
 * one) when the same request may succeed later, or a {@link io.spanvault.pipeline.consumer.PermanentException}
 * when it never will.
 */
@FunctionalInterface
public interface RequestSender<T> {
    CompletionStage<Void> send(T request);
}
