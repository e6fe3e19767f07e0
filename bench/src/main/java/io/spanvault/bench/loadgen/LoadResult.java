package io.spanvault.bench.loadgen;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a load run achieved.
 *
 * @param ackedSpans    spans in acknowledged requests, less those the receiver rejected as a partial success
 * @param refusedSpans  spans in requests the receiver refused as a whole (an error status)
 * @param refusals      refused requests by gRPC status code or HTTP status
 */
public record LoadResult(LoadOptions options, double seconds, long requests, long ackedSpans, long rejectedSpans,
        long refusedSpans, Map<String, Long> refusals, double p50Millis, double p90Millis, double p99Millis,
        double maxMillis) {

    public LoadResult {
        refusals = Map.copyOf(refusals);
    }

    public double spansPerSecond() {
        return ackedSpans / seconds;
    }

    /** The one line the generator prints: {@code key=value} pairs, so scripts can pick fields. */
    public String summaryLine() {
        String errors = refusals.isEmpty() ? "none" : new TreeMap<>(refusals).entrySet().stream()
                .map(e -> e.getKey().replace(' ', '_') + ":" + e.getValue()).collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "loadgen protocol=%s shape=%s spans_per_request=%d concurrency=%d rate=%s"
                + " duration_s=%.2f requests=%d acked_spans=%d rejected_spans=%d refused_spans=%d spans_per_s=%.0f"
                + " p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%s",
                options.protocol().name().toLowerCase(Locale.ROOT), options.shape().name().toLowerCase(Locale.ROOT),
                options.spansPerRequest(), options.concurrency(),
                options.rate() == 0 ? "max" : Long.toString(options.rate()), seconds, requests, ackedSpans,
                rejectedSpans, refusedSpans, spansPerSecond(), p50Millis, p90Millis, p99Millis, maxMillis, errors);
    }
}
