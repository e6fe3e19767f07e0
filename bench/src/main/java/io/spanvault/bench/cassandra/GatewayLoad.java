package io.spanvault.bench.cassandra;

import io.spanvault.bench.loadgen.GrpcSender;
import io.spanvault.bench.loadgen.OtlpSender;
import io.spanvault.bench.loadgen.RequestTemplate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Paced OTLP load on one gateway. Each request carries traces no other request carries (its sequence number
 * stamped into the trace ids); a request answered OK with no rejected spans goes to {@link AcknowledgedTraces},
 * anything else is counted by reason and never expected to be found.
 */
final class GatewayLoad implements Runnable {
    private final String name;
    private final GrpcSender sender;
    private final RequestTemplate template;
    private final AtomicLong sequences;
    private final long intervalNanos;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final AcknowledgedTraces acknowledged;
    private final LongAdder acknowledgedSpans = new LongAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstRefusal = new AtomicReference<>();
    private volatile boolean stopped;

    GatewayLoad(String name, GrpcSender sender, RequestTemplate template, AtomicLong sequences,
            double requestsPerSecond, int maxInFlight, AcknowledgedTraces acknowledged) {
        this.name = name;
        this.sender = sender;
        this.template = template;
        this.sequences = sequences;
        this.intervalNanos = (long) (1e9 / requestsPerSecond);
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        this.acknowledged = acknowledged;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            // a gateway slower than the pace makes the sender wait rather than pile up requests
            inFlight.acquireUninterruptibly();
            long sequence = sequences.incrementAndGet();
            sender.send(template.encode(sequence)).whenComplete((rejected, error) -> {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    String reason = cause instanceof OtlpSender.RefusedException r ? r.reason() : cause.toString();
                    refused.computeIfAbsent(reason, r -> new LongAdder()).add(template.spans());
                    firstRefusal.compareAndSet(null, cause.getCause() != null ? cause.getCause().getMessage()
                            : cause.getMessage());
                } else if (rejected > 0) {
                    refused.computeIfAbsent("partial_success", r -> new LongAdder()).add(template.spans());
                } else {
                    acknowledged.add(sequence);
                    acknowledgedSpans.add(template.spans());
                }
                inFlight.release();
            });
            next += intervalNanos;
        }
    }

    void stop() {
        stopped = true;
    }

    /** Waits for the answers of the requests still out; false when some did not come within {@code timeout}. */
    boolean awaitAnswers(Duration timeout) throws InterruptedException {
        if (!inFlight.tryAcquire(maxInFlight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        inFlight.release(maxInFlight);
        return true;
    }

    String name() {
        return name;
    }

    long acknowledgedSpans() {
        return acknowledgedSpans.sum();
    }

    /** The message of the first refusal, or null. */
    String firstRefusal() {
        return firstRefusal.get();
    }

    /** Spans of requests that were not acknowledged, by gRPC status (or {@code partial_success}). */
    Map<String, Long> refusedSpans() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        refused.forEach((reason, spans) -> copy.put(reason, spans.sum()));
        return copy;
    }
}
