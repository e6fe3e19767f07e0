package io.spanvault.exporter.sending;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Requests waiting to be sent. {@link #poll} hands out each request once; the dispatcher reports back with
 * {@link #complete} when the request is done with (sent, or given up). Until then it counts against the
 * capacity, and a persistent queue keeps it for the next start.
 */
public interface SendingQueue<T> extends AutoCloseable {

    /** Adds the request; false when the queue is full. Once this returns true the request is the queue's. */
    boolean offer(T request) throws IOException;

    /**
     * Completes once every request offered before this call is as durable as the queue promises: at once for
     * a queue that does not fsync, after the fsync covering them for one that does (failing with its
     * {@link IOException}). No thread waits meanwhile.
     */
    default CompletionStage<Void> durable() {
        return CompletableFuture.completedFuture(null);
    }

    /** The oldest request not yet handed out, or null when there is none. */
    Queued<T> poll() throws IOException;

    /** The request is sent or given up; it will not be handed out again. */
    void complete(Queued<T> item) throws IOException;

    /** Requests enqueued and not yet completed. */
    int size();

    int capacity();

    @Override
    void close() throws IOException;

    /** A request handed out by {@link #poll}, with where it sits in the queue. */
    record Queued<T>(T request, long position) {
    }
}
