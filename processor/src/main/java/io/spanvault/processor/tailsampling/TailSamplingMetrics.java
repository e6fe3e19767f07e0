package io.spanvault.processor.tailsampling;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Histogram;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.processor.tailsampling.policy.Decision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/** The collector's {@code otelcol_processor_tail_sampling_*} self-metrics, plus Spanvault's early decisions. */
final class TailSamplingMetrics {
    private static final String PREFIX = "otelcol_processor_tail_sampling_";
    private static final double[] DECISION_LATENCY_US = {1, 2, 5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750,
        1000, 2000, 3000, 4000, 5000, 10000, 20000, 30000, 50000};
    private static final double[] TIMER_LATENCY_MS = {1, 2, 5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750,
        1000, 2000, 3000, 4000, 5000, 10000, 20000, 30000, 50000};
    private static final double[] AGE_S = {1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600, 7200};

    private final Map<String, Counter> policyTraces = new HashMap<>();
    private final Map<String, Counter> policySpans = new HashMap<>();
    private final Map<String, Histogram> policyLatency = new HashMap<>();
    private final Map<String, Counter> globalTraces = new HashMap<>();
    private final Counter newTraces;
    private final Counter decidedEarly;
    private final Counter sendFailedSpans;
    private final Counter cacheReleasesSampled;
    private final Counter cacheReleasesNotSampled;
    private final Histogram timerLatency;
    private final Histogram lateSpanAge;
    private final Histogram removalAge;

    TailSamplingMetrics(ComponentContext context, List<String> policies, DoubleSupplier tracesOnMemory) {
        Telemetry t = context.telemetry();
        Labels base = Labels.of("processor", context.id().toString());
        for (Decision d : new Decision[] {Decision.SAMPLED, Decision.NOT_SAMPLED, Decision.DROPPED}) {
            Labels outcome = base.and("sampled", Boolean.toString(d.samples())).and("decision", d.label());
            globalTraces.put(d.label(), t.counter(PREFIX + "global_count_traces_sampled",
                    "Global count of traces that were sampled or not by at least one policy", outcome));
            for (String policy : policies) {
                Labels labels = base.and("policy", policy).and("sampled", Boolean.toString(d.samples()))
                        .and("decision", d.label());
                policyTraces.put(policy + d.label(), t.counter(PREFIX + "count_traces_sampled",
                        "Count of traces that were sampled or not per sampling policy", labels));
                policySpans.put(policy + d.label(), t.counter(PREFIX + "count_spans_sampled",
                        "Count of spans that were sampled or not per sampling policy", labels));
            }
        }
        for (String policy : policies) {
            policyLatency.put(policy, t.histogram(PREFIX + "sampling_decision_latency",
                    "Latency (in microseconds) of a given sampling policy", base.and("policy", policy),
                    DECISION_LATENCY_US));
        }
        newTraces = t.counter(PREFIX + "new_trace_id_received", "Counts the arrival of new traces", base);
        decidedEarly = t.counter("spanvault_processor_tail_sampling_traces_decided_early",
                "Traces decided before decision_wait because num_traces were held", base);
        sendFailedSpans = t.counter("spanvault_processor_tail_sampling_send_failed_spans",
                "Sampled spans the next consumer refused after an on_receipt acknowledgement", base);
        String cacheHelp = "Number of spans that were able to be immediately released due to a decision cache hit.";
        cacheReleasesSampled = t.counter(PREFIX + "early_releases_from_cache_decision", cacheHelp,
                base.and("sampled", "true"));
        cacheReleasesNotSampled = t.counter(PREFIX + "early_releases_from_cache_decision", cacheHelp,
                base.and("sampled", "false"));
        timerLatency = t.histogram(PREFIX + "sampling_decision_timer_latency",
                "Latency (in milliseconds) of each run of the sampling decision timer", base, TIMER_LATENCY_MS);
        lateSpanAge = t.histogram(PREFIX + "sampling_late_span_age",
                "Time (in seconds) from the sampling decision was taken and the arrival of a late span", base, AGE_S);
        removalAge = t.histogram(PREFIX + "sampling_trace_removal_age",
                "Time (in seconds) from arrival of a new trace until its removal from memory", base, AGE_S);
        t.gauge(PREFIX + "sampling_traces_on_memory", "Tracks the number of traces current on memory", base,
                tracesOnMemory);
    }

    void policyDecided(String policy, Decision decision, int spans, long nanos) {
        String key = policy + decision.label();
        policyTraces.get(key).increment();
        policySpans.get(key).add(spans);
        policyLatency.get(policy).record(nanos / 1e3);
    }

    void traceDecided(Decision decision, long heldNanos, boolean early) {
        globalTraces.get(decision.label()).increment();
        removalAge.record(heldNanos / 1e9);
        if (early) {
            decidedEarly.increment();
        }
    }

    void newTrace() {
        newTraces.increment();
    }

    void lateSpans(long sinceDecisionNanos) {
        lateSpanAge.record(sinceDecisionNanos / 1e9);
    }

    void releasedFromCache(boolean sampled, int spans) {
        (sampled ? cacheReleasesSampled : cacheReleasesNotSampled).add(spans);
    }

    void timerRun(long nanos) {
        timerLatency.record(nanos / 1e6);
    }

    void sendFailed(int spans) {
        sendFailedSpans.add(spans);
    }
}
