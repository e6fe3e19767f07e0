package io.spanvault.processor.tailsampling;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.otlp.SpanGroups;
import io.spanvault.processor.tailsampling.policy.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the spans of each trace for {@code decision_wait} after its first span arrived, then lets the
 * policies decide on the whole trace and passes sampled traces on. At most {@code num_traces} traces are
 * held: a new trace beyond that makes the oldest held trace be decided at once on the spans it has (never
 * dropped undecided). Decisions outlive the spans: the last {@code num_traces} decisions and the
 * {@code decision_cache} LRUs let late spans follow their trace's decision without being held.
 */
final class TailSamplingProcessor implements Processor<ExportTraceServiceRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(TailSamplingProcessor.class);
    private static final Duration MAX_TICK = Duration.ofSeconds(1);
    private static final Duration CLOSE_DELIVERY_WAIT = Duration.ofSeconds(30);

    private record Verdict(HeldTrace trace, boolean sampled) {
    }

    private final String name;
    private final List<NamedPolicy> policies;
    private final long waitNanos;
    private final int numTraces;
    private final Acknowledgement acknowledgement;
    private final SignalConsumer<ExportTraceServiceRequest> next;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<ByteString, HeldTrace> held;
    private final DecisionMemory memory;
    private TailSamplingMetrics metrics;
    private ScheduledExecutorService ticker;
    private volatile boolean closed;

    TailSamplingProcessor(String name, TailSamplingConfig config, List<NamedPolicy> policies,
            SignalConsumer<ExportTraceServiceRequest> next, LongSupplier nanoClock) {
        this.name = name;
        this.policies = policies;
        this.waitNanos = config.decisionWait().toNanos();
        this.numTraces = config.numTraces();
        this.acknowledgement = config.acknowledgement();
        this.next = next;
        this.nanoClock = nanoClock;
        long expected = Math.max(16, (long) config.expectedNewTracesPerSec() * config.decisionWait().toSeconds());
        this.held = new LinkedHashMap<>((int) Math.min(expected, numTraces) * 4 / 3 + 1);
        this.memory = new DecisionMemory(numTraces, config.decisionCache().sampledCacheSize(),
                config.decisionCache().nonSampledCacheSize());
    }

    /** Set by the factory once the gauge can read this processor. */
    void metrics(TailSamplingMetrics metrics) {
        this.metrics = metrics;
    }

    synchronized int tracesOnMemory() {
        return held.size();
    }

    @Override
    public void start(Host host) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spanvault-tail-sampling-" + name);
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(MAX_TICK.toNanos(), waitNanos / 4));
        ticker.scheduleWithFixedDelay(() -> {
            try {
                decideDue();
            } catch (RuntimeException e) {
                // A failed run must not cancel the schedule, or no trace would be decided again.
                LOG.error("processor {}: deciding traces failed", name, e);
            }
        }, tick, tick, TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest request) {
        if (closed) {
            return CompletableFuture.failedFuture(new RetryableException("processor " + name + " is shutting down",
                    null));
        }
        Map<ByteString, ExportTraceServiceRequest> byTrace;
        try {
            byTrace = SpanGroups.split(request, Span::getTraceId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Receipt receipt = acknowledgement == Acknowledgement.ON_DECISION ? new Receipt() : null;
        List<ResourceSpans> late = new ArrayList<>();
        List<Verdict> early = new ArrayList<>();
        long now = nanoClock.getAsLong();
        synchronized (this) {
            for (Map.Entry<ByteString, ExportTraceServiceRequest> entry : byTrace.entrySet()) {
                ByteString traceId = entry.getKey();
                List<ResourceSpans> part = entry.getValue().getResourceSpansList();
                HeldTrace trace = held.get(traceId);
                if (trace == null) {
                    DecisionMemory.Remembered decided = memory.lookup(traceId);
                    if (decided != null) {
                        followDecision(decided, part, now, late);
                        continue;
                    }
                    while (held.size() >= numTraces) {
                        Iterator<HeldTrace> oldest = held.values().iterator();
                        HeldTrace evicted = oldest.next();
                        oldest.remove();
                        early.add(decide(evicted, now, true));
                    }
                    trace = new HeldTrace(traceId, now);
                    held.put(traceId, trace);
                    metrics.newTrace();
                }
                trace.add(part);
                if (receipt != null) {
                    trace.await(receipt);
                }
            }
        }
        deliver(early);
        CompletableFuture<Void> lateSent = late.isEmpty() ? CompletableFuture.completedFuture(null)
                : next.consume(ExportTraceServiceRequest.newBuilder().addAllResourceSpans(late).build())
                        .toCompletableFuture();
        if (receipt == null) {
            return lateSent;
        }
        receipt.arm();
        return CompletableFuture.allOf(receipt.answer(), lateSent);
    }

    private void followDecision(DecisionMemory.Remembered decided, List<ResourceSpans> part, long now,
            List<ResourceSpans> late) {
        if (decided.fromCache()) {
            metrics.releasedFromCache(decided.sampled(), spanCount(part));
        } else {
            metrics.lateSpans(now - decided.decidedNanos());
        }
        if (decided.sampled()) {
            late.addAll(part);
        }
    }

    /** Decides every trace held for {@code decision_wait}; run by the ticker. */
    void decideDue() {
        long start = nanoClock.getAsLong();
        List<Verdict> verdicts = new ArrayList<>();
        synchronized (this) {
            Iterator<HeldTrace> oldest = held.values().iterator();
            while (oldest.hasNext()) {
                HeldTrace trace = oldest.next();
                if (start - trace.arrivalNanos() < waitNanos) {
                    break;
                }
                oldest.remove();
                verdicts.add(decide(trace, start, false));
            }
        }
        if (!verdicts.isEmpty()) {
            deliver(verdicts);
            metrics.timerRun(nanoClock.getAsLong() - start);
        }
    }

    /** Runs the policies on a trace that left the held set; called under the lock. */
    private Verdict decide(HeldTrace trace, long now, boolean early) {
        Set<Decision> votes = FinalDecision.votes();
        for (NamedPolicy p : policies) {
            long t0 = System.nanoTime();
            Decision vote = p.policy().evaluate(trace);
            metrics.policyDecided(p.name(), vote, trace.spanCount(), System.nanoTime() - t0);
            votes.add(vote);
        }
        Decision decision = FinalDecision.of(votes);
        metrics.traceDecided(decision, now - trace.arrivalNanos(), early);
        memory.remember(trace.traceId(), decision.samples(), now);
        return new Verdict(trace, decision.samples());
    }

    /** Passes the sampled traces on in one request and answers the senders waiting for these traces. */
    private CompletableFuture<Void> deliver(List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        ExportTraceServiceRequest.Builder sampled = ExportTraceServiceRequest.newBuilder();
        List<Receipt> waitingForSampled = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (v.sampled()) {
                sampled.addAllResourceSpans(v.trace().batches());
                waitingForSampled.addAll(v.trace().waiting());
            } else {
                v.trace().waiting().forEach(r -> r.done(null));
            }
        }
        if (sampled.getResourceSpansCount() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        ExportTraceServiceRequest out = sampled.build();
        CompletableFuture<Void> sent;
        try {
            sent = next.consume(out).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((ok, error) -> {
            if (error != null && acknowledgement == Acknowledgement.ON_RECEIPT) {
                int spans = spanCount(out.getResourceSpansList());
                metrics.sendFailed(spans);
                LOG.warn("processor {}: the next consumer refused {} sampled spans that were already acknowledged: {}",
                        name, spans, error.toString());
            }
            waitingForSampled.forEach(r -> r.done(error));
        });
    }

    private static int spanCount(List<ResourceSpans> batches) {
        int n = 0;
        for (ResourceSpans rs : batches) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                n += ss.getSpansCount();
            }
        }
        return n;
    }

    /** Stops taking spans, then decides every held trace at once and waits for the sampled ones' delivery. */
    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        List<Verdict> verdicts = new ArrayList<>();
        long now = nanoClock.getAsLong();
        synchronized (this) {
            for (HeldTrace trace : held.values()) {
                verdicts.add(decide(trace, now, false));
            }
            held.clear();
        }
        try {
            deliver(verdicts).get(CLOSE_DELIVERY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("processor {}: delivering the traces decided at shutdown failed: {}", name, e.toString());
        }
    }
}
