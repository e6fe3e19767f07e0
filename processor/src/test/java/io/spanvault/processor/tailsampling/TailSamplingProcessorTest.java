package io.spanvault.processor.tailsampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.MetricFamily;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import io.spanvault.processor.tailsampling.policy.PolicyConfig;
import io.spanvault.processor.tailsampling.policy.StatusCodeConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The processor with a clock the test moves: holding, deciding, late spans, the memory bound, acknowledgement. */
class TailSamplingProcessorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PolicyConfig ERRORS = new PolicyConfig("errors", "status_code", null,
            new StatusCodeConfig(List.of("ERROR")), null, null, null, null, null, null, null, null, null, null);
    private static final PolicyConfig ALWAYS = new PolicyConfig("all", "always_sample", null, null, null, null, null,
            null, null, null, null, null, null, null);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Telemetry telemetry = new Telemetry();
    private final CapturingConsumer<ExportTraceServiceRequest> next = new CapturingConsumer<>(Signal.TRACES);

    private TailSamplingProcessor processor(int numTraces, String acknowledge, PolicyConfig... policies) {
        TailSamplingConfig config = new TailSamplingConfig(WAIT, numTraces, null,
                new DecisionCacheConfig(null, null), List.of(policies), acknowledge);
        return TailSamplingProcessorFactory.create(new ComponentContext(ComponentKind.PROCESSOR,
                new ComponentId("tail_sampling", ""), telemetry), config, next, nanos::get, () -> 0L);
    }

    @Test
    void holdsATraceForDecisionWaitThenPassesOnTheWholeTraceWhenAPolicySamplesIt() {
        TailSamplingProcessor p = processor(100, null, ERRORS);
        p.consume(span(1, 1, false)).toCompletableFuture().join();
        p.consume(span(2, 1, false)).toCompletableFuture().join();
        nanos.addAndGet(WAIT.toNanos() / 2);
        p.consume(span(1, 2, true)).toCompletableFuture().join();
        p.decideDue();
        assertEquals(0, next.itemCount(), "nothing is decided before decision_wait");
        nanos.addAndGet(WAIT.toNanos() / 2);
        p.decideDue();
        assertEquals(2, next.itemCount(), "both spans of the trace with an error, none of the other");
        assertEquals(Set.of(TestTraces.traceId(1)), traceIds(next.received()));
        assertEquals(0, p.tracesOnMemory());
        assertEquals(1, counter("otelcol_processor_tail_sampling_global_count_traces_sampled", "decision", "sampled"));
        assertEquals(1, counter("otelcol_processor_tail_sampling_global_count_traces_sampled", "decision", "not_sampled"));
        assertEquals(2, counter("otelcol_processor_tail_sampling_new_trace_id_received", null, null));
    }

    @Test
    void lateSpansFollowTheDecisionOfTheirTrace() {
        TailSamplingProcessor p = processor(100, null, ERRORS);
        p.consume(span(1, 1, true)).toCompletableFuture().join();
        p.consume(span(2, 1, false)).toCompletableFuture().join();
        nanos.addAndGet(WAIT.toNanos());
        p.decideDue();
        assertEquals(1, next.itemCount());
        // A late span without an error still goes on with its sampled trace; one of a dropped trace does not,
        // even with an error, since its trace was already decided.
        p.consume(span(1, 3, false)).toCompletableFuture().join();
        p.consume(span(2, 3, true)).toCompletableFuture().join();
        assertEquals(2, next.itemCount());
        assertEquals(Set.of(TestTraces.traceId(1)), traceIds(next.received()));
        assertEquals(0, p.tracesOnMemory(), "late spans are not held");
    }

    @Test
    void decisionCachesRememberPastTheRecentDecisions() {
        TailSamplingConfig config = new TailSamplingConfig(WAIT, 2, null, new DecisionCacheConfig(10, 10),
                List.of(ERRORS), null);
        TailSamplingProcessor p = TailSamplingProcessorFactory.create(new ComponentContext(ComponentKind.PROCESSOR,
                new ComponentId("tail_sampling", ""), telemetry), config, next, nanos::get, () -> 0L);
        for (long t = 1; t <= 6; t++) {
            p.consume(span(t, 1, t == 1)).toCompletableFuture().join();
        }
        nanos.addAndGet(WAIT.toNanos());
        p.decideDue();
        assertEquals(1, next.itemCount());
        p.consume(span(1, 2, false)).toCompletableFuture().join();
        assertEquals(2, next.itemCount(), "trace 1's decision outlived the last num_traces decisions");
        assertEquals(1, counter("otelcol_processor_tail_sampling_early_releases_from_cache_decision", "sampled", "true"));
    }

    @Test
    void memoryStaysBoundedUnderTenTimesNumTracesAndNoTraceIsLost() {
        int numTraces = 500;
        TailSamplingProcessor p = processor(numTraces, null, ALWAYS);
        int max = 0;
        for (long t = 1; t <= 10L * numTraces; t++) {
            p.consume(span(t, 1, false)).toCompletableFuture().join();
            p.consume(span(t, 2, false)).toCompletableFuture().join();
            max = Math.max(max, p.tracesOnMemory());
        }
        assertEquals(numTraces, max);
        assertEquals(9L * numTraces, counter("spanvault_processor_tail_sampling_traces_decided_early", null, null));
        nanos.addAndGet(WAIT.toNanos());
        p.decideDue();
        assertEquals(0, p.tracesOnMemory());
        assertEquals(2 * 10 * numTraces, next.itemCount(), "every span of every trace was decided and passed on");
    }

    @Test
    void onDecisionAnswersTheSenderOnlyOnceItsTracesWereDecidedAndDelivered() {
        TailSamplingProcessor p = processor(100, "on_decision", ERRORS);
        CompletableFuture<Void> sampled = p.consume(span(1, 1, true)).toCompletableFuture();
        CompletableFuture<Void> dropped = p.consume(span(2, 1, false)).toCompletableFuture();
        CompletableFuture<Void> both = p.consume(twoTraces(1, 2)).toCompletableFuture();
        assertFalse(sampled.isDone() || dropped.isDone() || both.isDone());
        next.answerWith(r -> CompletableFuture.failedFuture(new RetryableException("store down", null)));
        nanos.addAndGet(WAIT.toNanos());
        p.decideDue();
        assertTrue(dropped.isDone() && !dropped.isCompletedExceptionally(), "a dropped trace is answered OK");
        CompletionException failed = assertThrows(CompletionException.class, sampled::join);
        assertTrue(failed.getCause() instanceof RetryableException, failed.toString());
        assertThrows(CompletionException.class, both::join);

        // The sender's retry: the decided trace's spans go on as late spans, and are answered by delivery.
        next.answerWith(r -> CompletableFuture.completedFuture(null));
        int before = next.received().size();
        p.consume(span(1, 1, true)).toCompletableFuture().join();
        assertEquals(before + 1, next.received().size());
        assertEquals(Set.of(TestTraces.traceId(1)), traceIds(next.received().subList(before, before + 1)));
    }

    @Test
    void aRetriedSpanIsHeldOnce() {
        TailSamplingProcessor p = processor(100, null, ALWAYS);
        p.consume(span(1, 1, false)).toCompletableFuture().join();
        p.consume(twoTraces(1, 2)).toCompletableFuture().join();
        p.consume(span(1, 1, false)).toCompletableFuture().join();
        nanos.addAndGet(WAIT.toNanos());
        p.decideDue();
        assertEquals(3, next.itemCount(), "span 1 of trace 1 once, span 7 of trace 1, span 7 of trace 2");
    }

    @Test
    void closeDecidesAndDeliversWhatIsHeld() {
        TailSamplingProcessor p = processor(100, null, ALWAYS);
        p.consume(span(1, 1, false)).toCompletableFuture().join();
        p.close();
        assertEquals(1, next.itemCount());
        assertThrows(CompletionException.class, () -> p.consume(span(2, 1, false)).toCompletableFuture().join());
    }

    @Test
    void configNeedsPoliciesAndKnownAcknowledgement() {
        TailSamplingProcessorFactory factory = new TailSamplingProcessorFactory();
        InvalidConfigException none = assertThrows(InvalidConfigException.class, () -> factory.create(
                new ComponentContext(ComponentKind.PROCESSOR, new ComponentId("tail_sampling", ""), telemetry),
                factory.defaultConfig(), Signal.TRACES, next));
        assertTrue(none.getMessage().contains("policies"), none.getMessage());
        assertEquals("acknowledge", assertThrows(InvalidConfigException.class, () -> new TailSamplingConfig(null, null,
                null, null, List.of(ALWAYS), "never")).key());
        assertEquals("policies.1.name", assertThrows(InvalidConfigException.class, () -> new TailSamplingConfig(null,
                null, null, null, List.of(ALWAYS, ALWAYS), null)).key());
        assertEquals(Duration.ofSeconds(30), factory.defaultConfig().decisionWait());
        assertEquals(50_000, factory.defaultConfig().numTraces());
    }

    private static ExportTraceServiceRequest span(long trace, long span, boolean error) {
        Span.Builder s = TestTraces.span(TestTraces.traceId(trace), TestTraces.spanId(span), "op", 1_000, 2_000)
                .toBuilder();
        if (error) {
            s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(TestTraces.resource("svc")).addScopeSpans(ScopeSpans.newBuilder().addSpans(s))).build();
    }

    private static ExportTraceServiceRequest twoTraces(long a, long b) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(TestTraces.resource("svc")).addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(TestTraces.span(TestTraces.traceId(a), TestTraces.spanId(7), "op", 1, 2))
                        .addSpans(TestTraces.span(TestTraces.traceId(b), TestTraces.spanId(7), "op", 1, 2)))).build();
    }

    private static Set<ByteString> traceIds(List<ExportTraceServiceRequest> requests) {
        Set<ByteString> ids = new HashSet<>();
        requests.forEach(r -> r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
                .forEach(ss -> ss.getSpansList().forEach(s -> ids.add(s.getTraceId())))));
        return ids;
    }

    private long counter(String name, String label, String value) {
        MetricFamily family = telemetry.families().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        long sum = 0;
        for (var series : family.series().entrySet()) {
            var labels = series.getKey();
            boolean match = label == null;
            for (int i = 0; i < labels.size() && !match; i++) {
                match = labels.name(i).equals(label) && labels.value(i).equals(value);
            }
            if (match) {
                sum += ((Counter) series.getValue()).value();
            }
        }
        return sum;
    }
}
