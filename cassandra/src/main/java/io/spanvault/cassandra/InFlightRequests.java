package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.spanvault.storage.StorageException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the requests a backend has outstanding. A caller that cannot get a slot before its deadline fails
 * with {@link StorageException}, which the store exporter turns into a retryable error: when Cassandra is
 * slow or down the pipeline pushes back on its senders instead of queueing without bound.
 */
final class InFlightRequests {
    private final CqlSession session;
    private final Semaphore slots;
    private final int max;

    InFlightRequests(CqlSession session, int max) {
        this.session = session;
        this.slots = new Semaphore(max);
        this.max = max;
    }

    /** Sends the statement once a slot is free (waiting until {@code deadlineNanos} at most). */
    CompletableFuture<AsyncResultSet> send(Statement<?> statement, long deadlineNanos) {
        try {
            if (!slots.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new StorageException("Cassandra is not keeping up: " + max
                        + " requests in flight (max_in_flight) for longer than request_timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to send to Cassandra", e);
        }
        CompletableFuture<AsyncResultSet> sent;
        try {
            sent = session.executeAsync(statement).toCompletableFuture();
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        sent.whenComplete((result, failure) -> slots.release());
        return sent;
    }

    int inFlight() {
        return max - slots.availablePermits();
    }
}
