package io.spanvault.bench.loadgen;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** What one phase's exporters sent and how it was answered, counted from any number of threads. */
final class PhaseTally {
    private final int spansPerRequest;
    private final Recorder latencyMicros = new Recorder(3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    PhaseTally(int spansPerRequest) {
        this.spansPerRequest = spansPerRequest;
    }

    void sent() {
        sent.increment();
    }

    void answered(long sentAt, long rejectedSpans) {
        recordLatency(sentAt);
        acked.add(spansPerRequest - rejectedSpans);
        rejected.add(rejectedSpans);
    }

    void refused(long sentAt, RuntimeException error) {
        recordLatency(sentAt);
        refused.add(spansPerRequest);
        refusals.computeIfAbsent(reason(error), k -> new LongAdder()).increment();
    }

    void unansweredAtEnd(int exporters) {
        if (exporters > 0) {
            refusals.computeIfAbsent("unanswered_at_end", k -> new LongAdder()).add(exporters);
        }
    }

    LoadResult result(LoadOptions options, double seconds) {
        Histogram latency = latencyMicros.getIntervalHistogram();
        Map<String, Long> refusalCounts = new HashMap<>();
        refusals.forEach((k, v) -> refusalCounts.put(k, v.sum()));
        return new LoadResult(options, seconds, sent.sum(), acked.sum(), rejected.sum(), refused.sum(), refusalCounts,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
    }

    private void recordLatency(long sentAt) {
        latencyMicros.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1000));
    }

    private static String reason(RuntimeException error) {
        return error instanceof OtlpSender.RefusedException refusal ? refusal.reason()
                : error.getClass().getSimpleName();
    }
}
